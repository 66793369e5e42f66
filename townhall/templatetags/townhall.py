"""`{% shop_posts shop %}`: a shop's published posts on its page, whose view belongs to the shops app."""

from __future__ import annotations

from django import template
from django.utils import timezone

from shops.models import Partner
from townhall import selectors

register = template.Library()

SHOP_PAGE_POSTS = 5


@register.inclusion_tag("marketplace/partials/shop_posts.html")
def shop_posts(shop: Partner) -> dict:
    """One query, made once per page: the shop's latest published posts."""
    return {"posts": list(selectors.shop_posts(shop=shop, at=timezone.now())[:SHOP_PAGE_POSTS])}
