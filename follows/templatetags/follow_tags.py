"""Template tags of follows: the follow button of a shop or of the markets, with its feed link.

Both are holes (follows/holes.py): a page from the page cache gets each visitor's own button.
"""

from django import template
from django.utils.safestring import SafeString

from core.holes import hole_html

register = template.Library()


@register.simple_tag(takes_context=True)
def follow_shop_button(context: template.Context, shop) -> SafeString:
    return hole_html(
        context.get("request"),
        "follow_shop",
        shop=shop.pk,
        slug=shop.slug,
        closed=bool(shop.temporarily_closed),
    )


@register.simple_tag(takes_context=True)
def follow_markets_button(context: template.Context) -> SafeString:
    return hole_html(context.get("request"), "follow_markets")
