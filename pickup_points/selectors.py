"""Reads for a pickup point's staff: only the orders waiting at the points they work at."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import groupby

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.http import Http404

from orders.models import Checkout, Order, Status
from orders.pickup_point_rules import everything_arrived
from shops.models import Partner


def works_at_a_point(user: AbstractBaseUser) -> bool:
    """The user is on the staff of a town pickup point (a shop's merchant or the town hall is not)."""
    return user.partners.filter(is_pickup_point=True).exists()


def point_orders(user: AbstractBaseUser) -> QuerySet[Order]:
    """The one rule of what a point's staff may see: paid-or-pay-later open orders at their points."""
    return Order.objects.filter(pickup_point__users=user, status__in=Status.TO_PREPARE)


@dataclass(frozen=True)
class WaitingCheckout:
    """One resident's orders waiting at a point: what has been dropped, and what not yet."""

    checkout: Checkout
    point: Partner
    orders: list[Order]

    @property
    def slot_start(self) -> dt.datetime:
        return self.orders[0].slot_start

    @property
    def slot_end(self) -> dt.datetime:
        return self.orders[0].slot_end

    @property
    def everything_arrived(self) -> bool:
        statuses = (order.status for order in self.orders)
        return everything_arrived(statuses, dropped=Status.DROPPED, cancelled=Status.CANCELLED)


def waiting_checkouts(user: AbstractBaseUser) -> list[WaitingCheckout]:
    """What waits at the user's points, by slot: one query, whatever the number of checkouts."""
    orders = (
        point_orders(user)
        .select_related("shop", "checkout", "pickup_point")
        .order_by("slot_start", "checkout_id", "number")
    )
    groups = (list(items) for _checkout, items in groupby(orders, key=lambda order: order.checkout_id))
    return [WaitingCheckout(group[0].checkout, group[0].pickup_point, group) for group in groups]


def point_checkout(user: AbstractBaseUser, reference: str) -> tuple[Checkout, Partner]:
    """A checkout waiting at one of the user's points, with that point; 404 for anything else."""
    orders = point_orders(user).select_related("checkout", "pickup_point")
    first = orders.filter(checkout__reference=reference).first()
    if first is None:
        raise Http404
    return first.checkout, first.pickup_point
