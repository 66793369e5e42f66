"""The order board's feed: a small JSON answer the board's script polls to refresh itself and ring.

Kept apart from orders/dashboard/views.py (the board itself) so the board works without script: the
page is whole on every load, and this view only says whether it changed since. Merchants only
(`apps.py`); every query goes through orders.selectors.orders_for_merchant, so a merchant's feed
never names another shop's orders.
"""

from __future__ import annotations

import hashlib

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views import View

from orders import selectors
from orders.models import Status


def board_state(user: AbstractBaseUser) -> dict:
    """What the board's script needs: the orders waiting to be accepted, and a fingerprint of the board.

    The fingerprint changes whenever an open order appears, moves a step or leaves the board, so
    the script fetches the page again only then. One query.
    """
    rows = list(
        selectors.orders_for_merchant(user)
        .filter(status__in=Status.TO_PREPARE)
        .order_by("number")
        .values_list("number", "status")
    )
    waiting = [number for number, status in rows if status == Status.PLACED]
    fingerprint = hashlib.sha256(repr((timezone.localdate(), rows)).encode()).hexdigest()[:16]
    return {"waiting": waiting, "open": len(rows), "fingerprint": fingerprint}


class BoardFeedView(View):
    """GET: the board's state as JSON; never cached, as it answers "anything new?"."""

    http_method_names = ["get"]

    def get(self, request: HttpRequest, *args, **kwargs) -> JsonResponse:
        response = JsonResponse(board_state(request.user))
        response["Cache-Control"] = "no-store"
        return response
