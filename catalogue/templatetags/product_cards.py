"""`{% product_cards products %}`: a list's product cards, each rendered once and kept in the cache.

Oscar's `render_product` costs 4–9 ms of CPU a card (it copies the context, looks the template up,
renders the basket form, reads the thumbnail's key); 24 cards were most of a list page. Here every
card's HTML is cached under a key made of everything the card shows (title, picture, price, stock,
its shop's name and selling state, language): a price or stock change, even written by an UPDATE
that sends no signal (stock allocation), gives a new key, so the next request shows it; nothing
needs invalidating. The CSRF token of the basket form is put in per request, never cached.
"""

from __future__ import annotations

import hashlib

from django import template
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import get_template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from haystack.models import SearchResult

from catalogue import freshness

register = template.Library()

CARD_TEMPLATE = "oscar/catalogue/partials/product.html"
CARD_SECONDS = 24 * 3600  # keys change with the content; this only bounds what unused keys occupy
CSRF_PLACEHOLDER = "csrf-token-placeholder-8f3c"


def card_key(product: object, *, hide_sold_by: bool) -> str:
    """A key that changes whenever anything the card shows changes (reads prefetched rows only)."""
    records = [
        (
            record.pk,
            str(record.price),
            record.num_in_stock,
            record.num_allocated,
            record.partner_id,
            record.partner.name,
            record.partner.code,
            record.partner.approval,
            record.partner.temporarily_closed,
            record.partner.closed_message,
            record.partner.offers_click_collect,
            record.partner.offers_delivery,
            record.partner.offers_call_collect,
            record.partner.phone,
        )
        for record in product.stockrecords.all()
    ]
    images = [(image.pk, str(image.original)) for image in product.images.all()][:1]
    children = [child.pk for child in product.children.all()] if product.is_parent else []
    shown = (
        product.pk,
        product.title,
        product.slug,
        str(product.date_updated),
        product.structure,
        getattr(product, "has_product_class_options", None),
        getattr(product, "has_product_options", None),
        records,
        images,
        children,
        hide_sold_by,
        get_language(),
    )
    return "card:" + hashlib.sha1(repr(shown).encode()).hexdigest()


@register.simple_tag
def catalogue_generation() -> str:
    """The catalogue's current generation (catalogue/freshness.py), to key cached fragments with."""
    return freshness.catalogue_generation()


@register.simple_tag(takes_context=True)
def product_cards(context: template.Context, products: list, li_class: str = "") -> SafeString:
    """Each product's card in an `<li>`, from the cache when its content has not changed.

    `products` may be haystack results (Oscar's browse and category pages): their products are shown.
    """
    products = [item.object if isinstance(item, SearchResult) else item for item in products]
    request = context.get("request")
    hide_sold_by = bool(context.get("hide_sold_by"))
    keys = [card_key(product, hide_sold_by=hide_sold_by) for product in products]
    cached = cache.get_many(keys)
    missing = {}
    if len(cached) < len(keys):
        card = get_template(CARD_TEMPLATE)
        for product, key in zip(products, keys, strict=True):
            if key not in cached:
                html = card.render(
                    {"product": product, "hide_sold_by": hide_sold_by, "csrf_token": CSRF_PLACEHOLDER},
                    request,
                )
                missing[key] = cached[key] = html
        cache.set_many(missing, CARD_SECONDS)
    opening = format_html('<li class="{}">', li_class) if li_class else "<li>"
    html = "".join(f"{opening}{cached[key]}</li>" for key in keys)
    if CSRF_PLACEHOLDER in html and request is not None:
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(html)  # noqa: S308 (cards rendered by Django's template engine, escaped there)
