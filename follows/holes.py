"""The follow buttons, drawn per visitor: holes of the shop and markets pages (core/holes.py)."""

from __future__ import annotations

from types import SimpleNamespace

from django.http import HttpRequest
from django.template.loader import render_to_string

from core.holes import hole, hole_form_token
from follows.models import Follow, ReopenAlert


@hole("follow_shop")
def follow_shop(request: HttpRequest, shop: int, slug: str, closed: bool) -> str:
    """Follow / unfollow, "tell me when it reopens" on a closed shop, and the shop's feed (two queries)."""
    user = request.user
    following = asked = False
    if user.is_authenticated:
        following = Follow.objects.filter(user=user, shop_id=shop).exists()
        asked = closed and ReopenAlert.objects.filter(user=user, shop_id=shop, sent_at=None).exists()
    context = {
        "shop": SimpleNamespace(pk=shop, slug=slug, temporarily_closed=closed),
        "user": user,
        "following": following,
        "asked": asked,
        "next": request.get_full_path(),
        "csrf_token": hole_form_token(request),
    }
    return render_to_string("follows/partials/follow_shop.html", context)


@hole("follow_markets")
def follow_markets(request: HttpRequest) -> str:
    user = request.user
    following = user.is_authenticated and Follow.objects.filter(user=user, shop=None).exists()
    context = {
        "user": user,
        "following": following,
        "next": request.get_full_path(),
        "csrf_token": hole_form_token(request),
    }
    return render_to_string("follows/partials/follow_markets.html", context)
