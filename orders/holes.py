"""The header's basket count, drawn per visitor: a hole of every storefront page (core/holes.py)."""

from __future__ import annotations

from django.conf import settings
from django.core.signing import BadSignature, Signer
from django.http import HttpRequest
from django.template.loader import render_to_string
from oscar.core.loading import get_model

from core.holes import hole, hole_user
from orders.basket.models import lines_item_count, merged_lines_item_count


def basket_item_count(request: HttpRequest | None) -> int:
    """How many items the header says the basket holds, as Oscar's basket middleware finds the basket.

    Where the middleware ran (a page drawn normally), its basket; where the page cache serves a
    page, the same open basket counted in one query: the signed cookie's for a visitor not logged in
    (a cookie for no open basket is marked to be deleted, as Oscar does), the account's open
    baskets, merged as Oscar will merge them, for a resident.
    """
    if request is None:  # a page drawn without a request (the server error page)
        return 0
    if hasattr(request, "basket"):  # set by Oscar's BasketMiddleware
        return request.basket.num_items
    basket_model = get_model("basket", "Basket")
    lines = get_model("basket", "Line").objects.filter(basket__status=basket_model.OPEN)
    if hole_user(request).is_authenticated:
        return merged_lines_item_count(lines.filter(basket__owner=request.user))
    cookie = request.COOKIES.get(settings.OSCAR_BASKET_COOKIE_OPEN)
    if not cookie:
        return 0
    try:
        basket_id = int(Signer().unsign(cookie))
    except (BadSignature, ValueError):
        request.basket_cookie_stale = True
        return 0
    count = lines_item_count(lines.filter(basket_id=basket_id, basket__owner=None))
    if not count and not basket_model.open.filter(pk=basket_id, owner=None).exists():
        request.basket_cookie_stale = True  # frozen, submitted, merged or gone
    return count


@hole("mini_basket")
def mini_basket(request: HttpRequest | None) -> str:
    return render_to_string("core/holes/mini_basket.html", {"count": basket_item_count(request)})
