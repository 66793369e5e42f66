"""Figures of the town hall's oversight dashboard, aggregated in the database.

Every function runs a fixed number of queries whatever the number of shops or orders: counts,
sums and averages are computed by the database (GROUP BY), days are cut in Europe/Paris.

What counts:
- an order is counted from the day it is placed; orders still waiting for their online payment
  are left out (they are not orders yet for the shop);
- sales are the orders' totals (tax included), cancelled orders left out;
- an order is uncollected when it was cancelled while ready for pickup, or is still ready after
  the end of its slot;
- the time to ready runs from placement to the change to "Ready for pickup" (Oscar's status
  change rows);
- new residents are accounts joined in the period that are neither staff nor merchants.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db.models import (
    Avg,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import TruncDate
from django.utils import timezone
from oscar.core.loading import get_model

from orders.models import Fulfilment, Order, Status
from shops.models import Partner

OrderStatusChange = get_model("order", "OrderStatusChange")
User = get_user_model()

PARIS = ZoneInfo("Europe/Paris")


@dataclass(frozen=True)
class Period:
    """Whole local days, both ends included."""

    start: dt.date
    end: dt.date

    @classmethod
    def last_days(cls, days: int, *, today: dt.date) -> Period:
        return cls(start=today - dt.timedelta(days=days - 1), end=today)

    @property
    def since(self) -> dt.datetime:
        return dt.datetime.combine(self.start, dt.time(), tzinfo=PARIS)

    @property
    def until(self) -> dt.datetime:
        """The first instant after the period (local midnight after its last day)."""
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(), tzinfo=PARIS)

    def days(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=n) for n in range((self.end - self.start).days + 1)]


def paris_today() -> dt.date:
    return timezone.now().astimezone(PARIS).date()


def counted_orders(period: Period) -> QuerySet[Order]:
    return Order.objects.filter(date_placed__gte=period.since, date_placed__lt=period.until).exclude(
        status=Status.PENDING_PAYMENT
    )


def _order_figures() -> dict:
    """The aggregates every table shows, over a queryset of orders."""
    cancelled = Q(status=Status.CANCELLED)
    cancelled_when_ready = OrderStatusChange.objects.filter(
        order=OuterRef("pk"), old_status=Status.READY, new_status=Status.CANCELLED
    )
    uncollected = Q(Exists(cancelled_when_ready)) | Q(status=Status.READY, slot_end__lt=timezone.now())
    return {
        "orders": Count("pk"),
        "sales": Sum("total_incl_tax", filter=~cancelled, default=Decimal(0)),
        "pickup": Count("pk", filter=Q(fulfilment=Fulfilment.PICKUP)),
        "delivery": Count("pk", filter=Q(fulfilment=Fulfilment.DELIVERY)),
        "cancelled": Count("pk", filter=cancelled),
        "uncollected": Count("pk", filter=uncollected),
    }


def _ready_changes(period: Period) -> QuerySet:
    """Each counted order's change to "Ready for pickup", with how long it took since placement."""
    return OrderStatusChange.objects.filter(
        new_status=Status.READY,
        order__date_placed__gte=period.since,
        order__date_placed__lt=period.until,
    ).annotate(
        to_ready=ExpressionWrapper(F("date_created") - F("order__date_placed"), output_field=DurationField())
    )


def _with_rates(row: dict) -> dict:
    """Add the derived figures (shares, rates, average basket) to a row of `_order_figures`."""
    orders = row["orders"]
    non_cancelled = orders - row["cancelled"]
    return {
        **row,
        "average_basket": (row["sales"] / non_cancelled).quantize(Decimal("0.01")) if non_cancelled else None,
        "pickup_share": row["pickup"] / orders if orders else None,
        "delivery_share": row["delivery"] / orders if orders else None,
        "cancelled_rate": row["cancelled"] / orders if orders else None,
        "uncollected_rate": row["uncollected"] / row["pickup"] if row["pickup"] else None,
    }


def _no_orders() -> dict:
    return {key: 0 for key in _order_figures()} | {"sales": Decimal(0)}


def summary(period: Period) -> dict:
    """The headline figures of the period (4 queries)."""
    figures = counted_orders(period).aggregate(**_order_figures(), shops_selling=Count("shop", distinct=True))
    readiness = _ready_changes(period).aggregate(average=Avg("to_ready"))
    return {
        **_with_rates(figures),
        "shops_approved": Partner.objects.on_storefront().count(),
        "new_residents": new_residents(period).count(),
        "to_ready": readiness["average"],
    }


def new_residents(period: Period) -> QuerySet:
    return User.objects.filter(
        date_joined__gte=period.since, date_joined__lt=period.until, is_staff=False, partners__isnull=True
    )


def daily(period: Period) -> list[dict]:
    """One row per day of the period, days without orders included (2 queries)."""
    rows = {
        row["day"]: row
        for row in counted_orders(period)
        .annotate(day=TruncDate("date_placed", tzinfo=PARIS))
        .values("day")
        .annotate(**_order_figures())
        .order_by("day")
    }
    joined = dict(
        new_residents(period)
        .annotate(day=TruncDate("date_joined", tzinfo=PARIS))
        .values("day")
        .annotate(count=Count("pk"))
        .values_list("day", "count")
    )
    return [
        {
            **_with_rates({**_no_orders(), **rows.get(day, {})}),
            "day": day,
            "new_residents": joined.get(day, 0),
        }
        for day in period.days()
    ]


def per_shop(period: Period) -> list[dict]:
    """Every shop on the storefront, and any other that sold in the period, busiest first (3 queries)."""
    orders = counted_orders(period)
    figures = {row.pop("shop"): row for row in orders.values("shop").annotate(**_order_figures())}
    readiness = dict(
        _ready_changes(period)
        .values("order__shop")
        .annotate(average=Avg("to_ready"))
        .values_list("order__shop", "average")
    )
    shops = Partner.objects.filter(Q(approval=Partner.Approval.APPROVED) | Q(pk__in=orders.values("shop")))
    rows = [
        _with_rates(
            {**_no_orders(), **figures.get(shop["pk"], {}), **shop, "to_ready": readiness.get(shop["pk"])}
        )
        for shop in shops.values("pk", "name", category_name=F("category__name"))
    ]
    return sorted(rows, key=lambda row: (-row["sales"], row["name"]))


def per_category(period: Period) -> list[dict]:
    """Each shop category that had orders in the period, busiest first (2 queries)."""
    categories = (
        counted_orders(period)
        .values(category_name=F("shop__category__name"))
        .annotate(**_order_figures(), shops_selling=Count("shop", distinct=True))
        .order_by("-sales", "category_name")
    )
    readiness = dict(
        _ready_changes(period)
        .values("order__shop__category__name")
        .annotate(average=Avg("to_ready"))
        .values_list("order__shop__category__name", "average")
    )
    return [_with_rates({**row, "to_ready": readiness.get(row["category_name"])}) for row in categories]


def open_data(period: Period) -> list[dict]:
    """Orders per day and shop category, nothing about any person or any single order (1 query)."""
    return list(
        counted_orders(period)
        .annotate(day=TruncDate("date_placed", tzinfo=PARIS))
        .values("day", category_name=F("shop__category__name"))
        .annotate(**{key: value for key, value in _order_figures().items() if key != "uncollected"})
        .order_by("day", "category_name")
    )
