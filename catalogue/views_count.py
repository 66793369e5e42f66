"""Product views of pages answered from the page cache, added to Oscar's analytics.

A product page drawn by its view is counted by Oscar's own receiver (`product_viewed`, one UPDATE of
`ProductRecord.num_views`). A page answered from the page cache runs no view: it is counted here, in
the cache, with one atomic increment and no database write on the request, and every five minutes
`product_views_flush` adds what was counted to `ProductRecord.num_views`, the figure Oscar's dashboard
reports ("Product analytics") read.
"""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest
from oscar.core.loading import get_model

from core.analytics import counter_update

Product = get_model("catalogue", "Product")
ProductRecord = get_model("analytics", "ProductRecord")

PRODUCT_PAGE = "catalogue:detail"
FLUSH_BATCH = 1000


def _key(product_pk: int) -> str:
    return f"catalogue:views:{product_pk}"


def product_view_count(product_pk: int) -> None:
    """One more view of a product's page, kept in the cache until the next flush."""
    key = _key(product_pk)
    try:
        cache.incr(key)
    except ValueError:  # no count yet: start it (or, if another request just did, add to theirs)
        if not cache.add(key, 1, timeout=None):
            cache.incr(key)


def page_served_counted(sender: type, request: HttpRequest, **kwargs: object) -> None:
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name != PRODUCT_PAGE:
        return
    pk = match.kwargs.get("pk", "")
    if isinstance(pk, int) or (isinstance(pk, str) and pk.isascii() and pk.isdigit() and len(pk) < 12):
        product_view_count(int(pk))


def product_views_flush() -> int:
    """Add the views counted in the cache to each product's record; returns how many were added.

    Each count is taken down by exactly what was added (an atomic decrement), so views counted
    meanwhile wait for the next flush rather than being lost.
    """
    added = 0
    pks = Product.objects.order_by("pk").values_list("pk", flat=True)
    batch: list[int] = []
    for pk in pks.iterator(chunk_size=FLUSH_BATCH):
        batch.append(pk)
        if len(batch) == FLUSH_BATCH:
            added += _flush(batch)
            batch = []
    return added + _flush(batch)


def _flush(pks: list[int]) -> int:
    if not pks:
        return 0
    counted = cache.get_many([_key(pk) for pk in pks])
    added = 0
    for pk in pks:
        views = counted.get(_key(pk)) or 0
        if views <= 0:
            continue
        cache.decr(_key(pk), views)
        counter_update(ProductRecord, "num_views", {"product_id": pk}, views)
        added += views
    return added
