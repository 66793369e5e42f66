"""Template tags of the storefront: which shop sells a product."""

from __future__ import annotations

from django import template

from shops.models import Partner

register = template.Library()


@register.simple_tag
def product_shop(product) -> Partner | None:
    """The shop selling this product, read from its (prefetched) stock records; None if none does."""
    stockrecords = product.stockrecords.all()
    return stockrecords[0].partner if stockrecords else None
