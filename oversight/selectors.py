"""Figures of the town hall's oversight dashboard, aggregated in the database; its audit log.

Every function runs a fixed number of queries whatever the number of shops or orders: counts,
sums and durations are computed by the database (GROUP BY day or shop), days are cut in
Europe/Paris.

What counts:
- an order is counted from the day it is placed; orders still waiting for their online payment
  are left out (they are not orders yet for the shop);
- sales are what residents bought: the orders' totals (tax included) plus the part gift vouchers
  paid, which the town reimburses to the shops; cancelled orders left out. The voucher part is
  shown beside them;
- every order is one of click & collect (a pickup ordered online, in store or at a town pickup
  point), call & collect (a pickup the merchant took by phone: its checkout's channel) or
  delivery, so the three shares add up to one;
- an order is uncollected when it was cancelled while waiting to be collected (ready in store or
  dropped at the pickup point, as the automatic cancellation of orders/housekeeping.py does), or
  is still waiting after the end of its slot;
- the time to ready runs from placement to the change to "Ready for pickup" (Oscar's status
  change rows);
- new residents are accounts joined in the period that are neither staff nor merchants.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import TruncDate
from django.utils import timezone
from oscar.core.loading import get_model

from core.periods import Period
from orders.models import Channel, Checkout, Fulfilment, Order, Status, voucher_shares_owed
from oversight.models import ShopDay, TownDay
from shops.models import Partner, ShopEvent
from shops.selectors import town_zone
from townhall.models import ModerationEvent

OrderStatusChange = get_model("order", "OrderStatusChange")
User = get_user_model()

# Collected by the resident, so click & collect (or call & collect); their waiting states.
PICKUPS = (Fulfilment.PICKUP, Fulfilment.PICKUP_POINT)
WAITING = (Status.READY, Status.DROPPED)

# The key of the PostgreSQL advisory lock between a roll-up and the readers of figures (any
# number no other lock of ours uses).
SHOP_DAYS_LOCK = 5_319_211



def counted_orders(period: Period) -> QuerySet[Order]:
    return Order.objects.filter(date_placed__gte=period.since, date_placed__lt=period.until).exclude(
        status=Status.PENDING_PAYMENT
    )


def _order_figures(period: Period) -> dict:
    """The aggregates every table shows, over a queryset of the period's orders.

    The subqueries are uncorrelated (`IN`, not `EXISTS`): PostgreSQL reads each once into a hash
    and aggregates in memory; a correlated one made it sort every order on disk and JIT-compile.
    Each reads the period's rows only, through an index: no status change precedes its order's
    placement, and a checkout is written in the same transaction as its orders, just before them.
    """
    cancelled = Q(status=Status.CANCELLED)
    cancelled_when_waiting = OrderStatusChange.objects.filter(
        old_status__in=WAITING, new_status=Status.CANCELLED, date_created__gte=period.since
    ).values("order_id")
    uncollected = (cancelled & Q(pk__in=cancelled_when_waiting)) | Q(
        status__in=WAITING, slot_end__lt=timezone.now()
    )
    by_phone = Checkout.objects.filter(
        channel=Channel.PHONE,
        created_at__gte=period.since - dt.timedelta(days=1),
        created_at__lt=period.until,
    ).values("pk")
    return {
        "orders": Count("pk"),
        "sales": Sum("total_incl_tax", filter=~cancelled, default=Decimal(0)),
        "pickup": Count("pk", filter=Q(fulfilment__in=PICKUPS)),
        "phone": Count("pk", filter=Q(fulfilment__in=PICKUPS, checkout__in=by_phone)),
        "delivery": Count("pk", filter=Q(fulfilment=Fulfilment.DELIVERY)),
        "cancelled": Count("pk", filter=cancelled),
        "uncollected": Count("pk", filter=uncollected),
    }


COUNTS = ("orders", "pickup", "phone", "delivery", "cancelled", "uncollected")
# What a row of figures sums, in an order's figures and in a ShopDay alike.
SUMMED = (*COUNTS, "sales", "vouchers", "ready_total", "ready_count")


def no_figures() -> dict:
    return {key: 0 for key in COUNTS} | {
        "sales": Decimal(0),
        "vouchers": Decimal(0),
        "ready_total": dt.timedelta(0),
        "ready_count": 0,
    }


def add_figures(total: dict, row: dict) -> None:
    for key in SUMMED:
        total[key] += row[key]


def _group(names: tuple[str, ...], order: str) -> dict:
    """The columns the figures are grouped by ("day", "shop_pk", "category_name"), for rows that
    reach their order through the path `order` ("" for the orders themselves)."""
    columns = {
        "day": TruncDate(f"{order}date_placed", tzinfo=town_zone()),
        "shop_pk": F(f"{order}shop"),
        "category_name": F(f"{order}shop__category__name"),
    }
    return {name: columns[name] for name in names}


def order_figures(orders: QuerySet[Order], period: Period, names: tuple[str, ...]) -> dict[tuple, dict]:
    """The figures of `orders` (placed within `period`) summed per group of `names`, keyed by the
    tuple of the group's values (3 queries: the orders, their gift voucher parts, their readiness).

    Sales count what vouchers paid (order totals are net of it, the town reimburses it to the
    shops: `voucher_shares_owed`), and give that part as `vouchers`.
    """

    def key(row: dict) -> tuple:
        return tuple(row[name] for name in names)

    rows = {
        key(row): {**no_figures(), **row}
        for row in orders.values(**_group(names, "")).annotate(**_order_figures(period)).order_by()
    }

    def group_of(row: dict) -> dict:
        return rows.setdefault(key(row), no_figures() | {name: row[name] for name in names})

    voucher_parts = (
        voucher_shares_owed()
        .filter(line__order__in=orders)
        .values(**_group(names, "line__order__"))
        .annotate(amount=Sum("amount"))
        .order_by()
    )
    for row in voucher_parts:
        figures = group_of(row)
        figures["vouchers"] += row["amount"]
        figures["sales"] += row["amount"]
    # Each order's change to "Ready for pickup" (Oscar's status change rows; one at most, as the
    # pipeline never goes back), and how long it took, read from the orders through their index.
    readiness = (
        orders.filter(status_changes__new_status=Status.READY)
        .values(**_group(names, ""))
        .annotate(
            ready_total=Sum(
                ExpressionWrapper(
                    F("status_changes__date_created") - F("date_placed"), output_field=DurationField()
                )
            ),
            ready_count=Count("status_changes"),
        )
        .order_by()
    )
    for row in readiness:
        figures = group_of(row)
        figures["ready_total"] += row["ready_total"]
        figures["ready_count"] += row["ready_count"]
    return rows


SHOP_DAY_GROUP = {"day": F("date"), "shop_pk": F("shop"), "category_name": F("shop__category__name")}


def _days_grouped(names: tuple[str, ...]) -> QuerySet:
    """The rolled-up days to sum per group of `names`: the town's days when grouped by day alone
    (one row a day), the shops' days otherwise."""
    if names == ("day",):
        return TownDay.objects.values(day=F("date"))
    return ShopDay.objects.values(**{name: SHOP_DAY_GROUP[name] for name in names})


def shop_days_lock(*, exclusive: bool) -> None:
    """Hold until the transaction ends the lock that keeps a roll-up from committing between the
    two reads of `figures_by` (orders not yet added, then days): its orders would be counted
    twice. Readers share it. A transaction on SQLite already reads one snapshot."""
    if connection.vendor != "postgresql":
        return
    function = "pg_advisory_xact_lock" if exclusive else "pg_advisory_xact_lock_shared"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s)", [SHOP_DAYS_LOCK])


def figures_by(period: Period, *names: str) -> dict[tuple, dict]:
    """The period's figures summed per group of `names` ("day", "shop_pk", "category_name"), keyed
    by the tuple of the group's values (4 queries, and the lock on PostgreSQL).

    Orders that have ended are read from the days they were added to (TownDay, ShopDay), the
    others, still under way or not yet added, from the orders themselves.
    """
    with transaction.atomic():
        shop_days_lock(exclusive=False)
        rows = order_figures(counted_orders(period).filter(in_shop_day=False), period, names)
        days = list(
            _days_grouped(names)
            .filter(date__gte=period.start, date__lte=period.end)
            .annotate(**{f"sum_{key}": Sum(key) for key in SUMMED})
            .order_by()
        )
    for row in days:
        key = tuple(row[name] for name in names)
        add_figures(
            rows.setdefault(key, no_figures() | dict(zip(names, key, strict=True))),
            {name: row[f"sum_{name}"] for name in SUMMED},
        )
    return rows


def _with_rates(row: dict) -> dict:
    """Add the derived figures (shares, rates, average basket, time to ready) to a row of figures."""
    orders = row["orders"]
    non_cancelled = orders - row["cancelled"]
    click_collect = row["pickup"] - row["phone"]
    return {
        **row,
        "average_basket": (row["sales"] / non_cancelled).quantize(Decimal("0.01")) if non_cancelled else None,
        "click_collect": click_collect,
        "click_collect_share": click_collect / orders if orders else None,
        "phone_share": row["phone"] / orders if orders else None,
        "delivery_share": row["delivery"] / orders if orders else None,
        "cancelled_rate": row["cancelled"] / orders if orders else None,
        "uncollected_rate": row["uncollected"] / row["pickup"] if row["pickup"] else None,
        "to_ready": row["ready_total"] / row["ready_count"] if row["ready_count"] else None,
    }


def overview(period: Period) -> dict:
    """The headline figures, the per-shop and the per-category tables of the period (6 queries).

    The database sums the figures per shop; totals and categories add up these at most a few
    hundred rows, so the period's figures are read once, not once per table.
    """
    figures = {key[0]: row for key, row in figures_by(period, "shop_pk").items()}
    shops = Partner.objects.shops_only().filter(
        Q(approval=Partner.Approval.APPROVED) | Q(pk__in=list(figures))
    )
    total = no_figures() | {"shops_selling": 0}
    categories: dict[str | None, dict] = {}
    shop_rows = []
    for shop in shops.values("pk", "name", "approval", category_name=F("category__name")):
        row = {**figures.get(shop["pk"], no_figures()), **shop}
        shop_rows.append(_with_rates(row))
        if row["orders"]:
            category = categories.setdefault(
                shop["category_name"],
                no_figures() | {"category_name": shop["category_name"], "shops_selling": 0},
            )
            add_figures(category, row)
            category["shops_selling"] += 1
            total["shops_selling"] += 1
        add_figures(total, row)

    def busiest_first(row: dict) -> tuple:
        return -row["sales"], -row["orders"], row.get("name") or row.get("category_name") or ""

    return {
        "summary": {
            **_with_rates(total),
            "shops_approved": sum(row["approval"] == Partner.Approval.APPROVED for row in shop_rows),
            "new_residents": new_residents(period).count(),
        },
        "shops": sorted(shop_rows, key=busiest_first),
        "categories": sorted((_with_rates(row) for row in categories.values()), key=busiest_first),
    }


def new_residents(period: Period) -> QuerySet:
    return User.objects.filter(
        date_joined__gte=period.since, date_joined__lt=period.until, is_staff=False, partners__isnull=True
    )


CHART_COUNTS = ("orders", "click_collect", "phone", "delivery", "cancelled", "new_residents")
CHART_AMOUNTS = ("sales", "vouchers")


def chart_series(days: list[dict]) -> dict[str, list]:
    """The `daily` rows as one list per series, in the JSON the page's charts read (amounts as floats)."""
    return {
        "days": [day["day"].isoformat() for day in days],
        **{key: [day[key] for day in days] for key in CHART_COUNTS},
        **{key: [float(day[key]) for day in days] for key in CHART_AMOUNTS},
    }


def daily(period: Period) -> list[dict]:
    """One row per day of the period, days without orders included (5 queries)."""
    figures = figures_by(period, "day")
    joined = dict(
        new_residents(period)
        .annotate(day=TruncDate("date_joined", tzinfo=town_zone()))
        .values("day")
        .annotate(count=Count("pk"))
        .values_list("day", "count")
    )
    return [
        {
            **_with_rates(figures.get((day,), no_figures())),
            "day": day,
            "new_residents": joined.get(day, 0),
        }
        for day in period.days()
    ]


def open_data(period: Period) -> list[dict]:
    """Orders per day and shop category, nothing about any person or any single order (4 queries)."""
    figures = figures_by(period, "day", "category_name")

    def by_day_then_category(key: tuple) -> tuple:
        day, category_name = key
        return day, category_name is None, category_name or ""

    return [
        {**figures[key], "click_collect": figures[key]["pickup"] - figures[key]["phone"]}
        for key in sorted(figures, key=by_day_then_category)
    ]


# --- The audit log: every town-hall action, read from the records each action writes.

SHOP_DECISIONS = (
    ShopEvent.Action.APPROVED,
    ShopEvent.Action.REJECTED,
    ShopEvent.Action.SUSPENDED,
    ShopEvent.Action.REINSTATED,
)
# Action code → label. Applying is the merchant's doing, not the town hall's: left out.
AUDIT_ACTIONS = {
    **{action.value: action.label for action in SHOP_DECISIONS},
    **dict(ModerationEvent.Action.choices),
}
# The columns every source gives, in the same order: a UNION matches columns by position.
AUDIT_COLUMNS = ("at", "actor_email", "shop_pk", "shop_name", "action_code", "what", "why")


def _audit_part(queryset: QuerySet, *, shop: Partner | None, what: F) -> QuerySet:
    """One log's rows as AUDIT_COLUMNS, in that order (a UNION matches columns by position).

    ShopEvent and ModerationEvent share the field names; only what the row is about differs."""
    if shop:
        queryset = queryset.filter(shop=shop)
    columns = {
        "at": F("created_at"),
        "actor_email": F("actor__email"),
        "shop_pk": F("shop_id"),
        "shop_name": F("shop__name"),
        "action_code": F("action"),
        "what": what,
        "why": F("reason"),
    }
    return queryset.order_by().annotate(**columns).values(*AUDIT_COLUMNS)


def audit_log(*, shop: Partner | None = None, action: str = "") -> QuerySet:
    """Who did what, when and why: shop decisions (ShopEvent) and the town hall's other actions
    (ModerationEvent: hiding, announcements, markets, gift vouchers), newest first, as one query
    (a UNION) that the database pages and filters.

    `action` is one of AUDIT_ACTIONS (or empty for all).
    """
    events = ShopEvent.objects.filter(action__in=[action] if action else SHOP_DECISIONS)
    # Always a first part, empty if need be, so that the UNION has the columns to come back with.
    parts = [_audit_part(events, shop=shop, what=F("shop__name"))]
    if not action or action in ModerationEvent.Action.values:
        others = ModerationEvent.objects.filter(action=action) if action else ModerationEvent.objects.all()
        parts.append(_audit_part(others, shop=shop, what=F("subject")))
    return parts[0].union(*parts[1:], all=True).order_by("-at", "action_code")
