"""A workshop's sign-up state for its visitor: a hole of the home page (core/holes.py)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from core.holes import hole, hole_form_token, hole_user
from workshops.models import Registration


@hole("workshop_sign_up")
def workshop_sign_up(
    request: HttpRequest | None, workshop: int, title: str, full: bool, for_merchants: bool
) -> str:
    """Full, "you are signed up", the sign-up button, or the way to log in (one query, logged in)."""
    user = hole_user(request)
    logged_in = user.is_authenticated
    context = {
        "workshop": {"pk": workshop, "title": title},
        "full": full,
        "for_merchants": for_merchants,
        "logged_in": logged_in,
        "signed_up": logged_in and Registration.objects.filter(workshop_id=workshop, user=user).exists(),
        "csrf_token": hole_form_token(request),
    }
    return render_to_string("workshops/holes/sign_up.html", context)
