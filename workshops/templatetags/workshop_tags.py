"""Template tags of workshops: the next workshops, for the home page and the merchants' dashboard."""

from django import template
from django.utils import timezone

from workshops.models import Workshop
from workshops.selectors import upcoming_workshops

register = template.Library()
SHOWN = 3


@register.inclusion_tag("workshops/partials/upcoming.html", takes_context=True)
def upcoming_workshops_for(context: dict, audience: str) -> dict:
    """The next few workshops for `audience` ("residents" or "merchants"), with their sign-up buttons."""
    request = context.get("request")
    user = getattr(request, "user", None)
    workshops = list(upcoming_workshops(now=timezone.now(), audience=audience, user=user)[:SHOWN])
    return {
        "workshops": workshops,
        "audience": audience,
        "for_merchants": audience == Workshop.Audience.MERCHANTS,
        "user": user,
        "csrf_token": context.get("csrf_token"),
    }
