"""Adds each ended order's figures to its shop's day (ShopDay), once, so that the oversight
dashboard reads a year of shop days instead of every order of the year.

An order that has ended (collected, delivered or cancelled) never changes again: its figures,
computed by the same rule as the live ones (`selectors.order_figures`), are final.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Max, Min
from django.utils import timezone

from marketplace.models import ShopDay
from marketplace.oversight.selectors import SUMMED, Period, order_figures, shop_days_lock
from orders.models import Order, Status
from shops.selectors import town_zone

BATCH = 2000


def shop_days_roll_up(*, batch: int = BATCH) -> int:
    """Add up to `batch` ended orders not yet counted to their shops' days; how many were added.

    The orders are locked, so a concurrent run, or a late change to one of them, waits for this
    transaction; a run finds only orders that no other run has counted. It waits for the pages
    reading figures, and they for it (`shop_days_lock`). A shop day already there
    is added to in the database (one UPDATE each: in steady state, today's few).
    """
    with transaction.atomic():
        shop_days_lock(exclusive=True)
        pks = list(
            Order.objects.select_for_update()
            .filter(status__in=Status.FINAL, in_shop_day=False)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch]
        )
        if not pks:
            return 0
        orders = Order.objects.filter(pk__in=pks)
        placed = orders.aggregate(first=Min("date_placed"), last=Max("date_placed"))
        period = Period(
            start=timezone.localdate(placed["first"], town_zone()),
            end=timezone.localdate(placed["last"], town_zone()),
        )
        figures = order_figures(orders, period, ("day", "shop_pk"))
        existing = set(
            ShopDay.objects.filter(
                date__in={day for day, _ in figures}, shop__in={shop for _, shop in figures}
            ).values_list("date", "shop")
        )
        for (day, shop), row in figures.items():
            if (day, shop) in existing:
                ShopDay.objects.filter(date=day, shop=shop).update(
                    **{key: F(key) + row[key] for key in SUMMED}
                )
        ShopDay.objects.bulk_create(
            ShopDay(date=day, shop_id=shop, **{key: row[key] for key in SUMMED})
            for (day, shop), row in figures.items()
            if (day, shop) not in existing
        )
        orders.update(in_shop_day=True)
    return len(pks)


def shop_days_catch_up() -> int:
    """Add every ended order not yet counted, batch after batch; how many were added."""
    total = 0
    while added := shop_days_roll_up():
        total += added
    return total
