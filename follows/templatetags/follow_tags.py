"""Template tags of follows: the follow button of a shop or of the markets, with its feed link."""

from django import template

from follows.models import Follow, ReopenAlert

register = template.Library()


@register.inclusion_tag("follows/partials/follow_shop.html", takes_context=True)
def follow_shop_button(context: dict, shop) -> dict:
    """Follow / unfollow, "tell me when it reopens" on a closed shop, and the shop's feed (two queries)."""
    request = context["request"]
    user = request.user
    following = asked = False
    if user.is_authenticated:
        following = Follow.objects.filter(user=user, shop=shop).exists()
        asked = (
            shop.temporarily_closed
            and ReopenAlert.objects.filter(user=user, shop=shop, sent_at=None).exists()
        )
    return {
        "shop": shop,
        "user": user,
        "following": following,
        "asked": asked,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("follows/partials/follow_markets.html", takes_context=True)
def follow_markets_button(context: dict) -> dict:
    request = context["request"]
    user = request.user
    following = user.is_authenticated and Follow.objects.filter(user=user, shop=None).exists()
    return {
        "user": user,
        "following": following,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
