"""Template tags of the storefront: which shop sells a product, its food information, its placeholder."""

from __future__ import annotations

from django import template

from shops.models import Partner, ProductDetails
from shops.product_details import ALLERGENS, LABELS, Availability, availability_lines, names
from shops.product_rules import when_available

register = template.Library()


@register.simple_tag
def product_shop(product) -> Partner | None:
    """The shop selling this product, read from its (prefetched) stock records; None if none does."""
    stockrecords = product.stockrecords.all()
    return stockrecords[0].partner if stockrecords else None


@register.filter
def sold_by_weight(product) -> bool:
    """Priced per kg and weighed by the shop (its card says so beside the price)."""
    details = getattr(product, "details", None)  # no details row: an ordinary product
    return details is not None and details.sold_by_weight


@register.filter
def price_unit(product) -> str:
    """What a product's price is for, beside it ("le kg"), or "" for a price per piece."""
    details = getattr(product, "details", None)  # no details row: sold by the piece
    if details is None or details.unit == ProductDetails.Unit.PIECE:
        return ""
    return details.get_unit_display()


@register.simple_tag
def product_food_info(product) -> dict:
    """What the product page says of a food product: unit, allergens, labels, availability.

    Reads `product.details` (one row; select_related by the storefront selectors); empty values for a
    product without details, so the page shows nothing rather than failing.
    """
    try:
        details = product.details
    except ProductDetails.DoesNotExist:
        return {"allergens": [], "labels": [], "availability": [], "unit": ""}
    rules = Availability(
        weekdays=details.weekdays,
        preparation_hours=details.preparation_hours,
        daily_cap=details.daily_cap,
        preorder_from=details.preorder_from,
        preorder_until=details.preorder_until,
    )
    return {
        "allergens": names(details.allergens, ALLERGENS),
        "labels": names(details.labels, LABELS),
        "availability": availability_lines(rules),
        "unit": price_unit(product),
    }


@register.simple_tag
def product_when(product) -> str:
    """When the product can be collected if not today ("Available from Saturday 28 November."), or a
    quick offer's pickup window: "" for a product to be had today."""
    shop = product_shop(product)
    return when_available(product, shop=shop)


PLACEHOLDER_PALETTES = 8


@register.inclusion_tag("shops/partials/product_placeholder.html")
def product_placeholder(product, size: str = "card") -> dict:
    """A product without photo: its name on its shop's colours (one of a few palettes, fixed per trade)."""
    shop = product_shop(product)
    key = (shop.category_id or shop.pk) if shop else 0
    return {"product": product, "shop": shop, "palette": key % PLACEHOLDER_PALETTES, "size": size}
