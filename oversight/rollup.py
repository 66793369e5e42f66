"""Adds each ended order's figures to its shop's day (ShopDay) and the town's (TownDay), once, so
that the oversight dashboard reads a year of days instead of every order of the year.

An order that has ended (collected, delivered or cancelled) never changes again: its figures,
computed by the same rule as the live ones (`selectors.order_figures`), are final.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Max, Min
from django.utils import timezone

from orders.models import Order, Status
from oversight.models import DayFigures, ShopDay, TownDay
from oversight.selectors import (
    SUMMED,
    Period,
    add_figures,
    no_figures,
    order_figures,
    shop_days_lock,
)
from shops.selectors import town_zone

BATCH = 2000


def shop_days_roll_up(*, batch: int = BATCH) -> int:
    """Add up to `batch` ended orders not yet counted to their shops' and the town's days; how
    many were added.

    The orders are locked, so a concurrent run, or a late change to one of them, waits for this
    transaction; a run finds only orders that no other run has counted. It waits for the pages
    reading figures, and they for it (`shop_days_lock`). A day already there is added to in the
    database (one UPDATE each: in steady state, today's few).
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
        by_shop = order_figures(orders, period, ("day", "shop_pk"))
        by_day: dict[tuple, dict] = {}
        for (day, _), row in by_shop.items():
            add_figures(by_day.setdefault((day,), no_figures()), row)
        _add_to_days(ShopDay, ("date", "shop_id"), by_shop)
        _add_to_days(TownDay, ("date",), by_day)
        orders.update(in_shop_day=True)
    return len(pks)


def _add_to_days(model: type[DayFigures], key_fields: tuple[str, ...], figures: dict[tuple, dict]) -> None:
    """Add each row of `figures`, keyed like `key_fields`, to its day of `model`, made if missing."""
    existing = set(model.objects.filter(date__in={key[0] for key in figures}).values_list(*key_fields))
    for key, row in figures.items():
        if key in existing:
            model.objects.filter(**dict(zip(key_fields, key, strict=True))).update(
                **{field: F(field) + row[field] for field in SUMMED}
            )
    model.objects.bulk_create(
        model(**dict(zip(key_fields, key, strict=True)), **{field: row[field] for field in SUMMED})
        for key, row in figures.items()
        if key not in existing
    )


def shop_days_catch_up() -> int:
    """Add every ended order not yet counted, batch after batch; how many were added."""
    total = 0
    while added := shop_days_roll_up():
        total += added
    return total
