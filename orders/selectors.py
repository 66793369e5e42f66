"""Reads of orders for the people allowed to see them."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from oscar.core.loading import get_model

from markets.models import Market
from orders.models import Order, OutboxMessage, Status, with_voucher_share
from shops.selectors import town_zone
from shops.weighing import about_grams_text

OrderLine = get_model("order", "Line")


# Orders with their lines and each line's weighing: what "about" totals and "to weigh" read.
LINES_WITH_WEIGHING = Prefetch("lines", queryset=OrderLine.objects.select_related("weighing"))


def merchant_orders_q(user: AbstractBaseUser) -> Q:
    """The one rule of which orders a merchant may see: those of the shops they run (one shop each)."""
    return Q(shop__users=user)


def orders_for_merchant(user: AbstractBaseUser) -> QuerySet[Order]:
    """Every order of the shops this merchant runs, and only those."""
    return Order.objects.filter(merchant_orders_q(user)).select_related(
        "shop", "checkout", "shipping_address", "market", "pickup_point"
    )


def board_orders(user: AbstractBaseUser, *, day: dt.date, upcoming: bool = False) -> QuerySet[Order]:
    """Open orders of the board, in slot order, lines prefetched.

    "Today" is every open order whose slot starts before tomorrow: those of earlier days that were
    never collected or delivered stay in sight until they end. "Upcoming" is the rest.
    """
    orders = _open_orders_for_board(user)
    tomorrow = local_midnight(day + dt.timedelta(days=1))
    if upcoming:
        return orders.filter(slot_start__gte=tomorrow).order_by("slot_start", "number")
    return orders.filter(slot_start__lt=tomorrow).order_by("slot_start", "number")


def board_counts(user: AbstractBaseUser, *, day: dt.date) -> dict[str, int]:
    """How many orders each tab of the board holds (one query), so an empty "Today" says whether
    orders wait further ahead."""
    tomorrow = local_midnight(day + dt.timedelta(days=1))
    return (
        orders_for_merchant(user)
        .filter(status__in=Status.TO_PREPARE)
        .aggregate(
            today=Count("pk", filter=Q(slot_start__lt=tomorrow)),
            upcoming=Count("pk", filter=Q(slot_start__gte=tomorrow)),
        )
    )


def preparation_orders(user: AbstractBaseUser, *, day: dt.date) -> QuerySet[Order]:
    """The open orders whose pickup or delivery falls on `day`, for its preparation list."""
    return orders_on_day(_open_orders_for_board(user), day=day)


def _open_orders_for_board(user: AbstractBaseUser) -> QuerySet[Order]:
    return with_voucher_share(
        orders_for_merchant(user)
        .filter(status__in=Status.TO_PREPARE)
        # The board shows each order's gift voucher share, and whether the rest was paid by card.
        .select_related("checkout__payment")
        # A weighed line shows what was ordered and asks for its real weight on the ready step.
        .prefetch_related(LINES_WITH_WEIGHING)
    )


def orders_on_day(orders: QuerySet[Order], *, day: dt.date) -> QuerySet[Order]:
    """Those of `orders` whose pickup or delivery falls on a local day, in slot order."""
    start, end = local_midnight(day), local_midnight(day + dt.timedelta(days=1))
    return orders.filter(slot_start__gte=start, slot_start__lt=end).order_by("slot_start", "number")


def shop_day_orders(*, shop_id: int, day: dt.date) -> QuerySet[Order]:
    """A shop's orders to prepare for a day, with their item count and whether paid online (the digest)."""
    # Paid online: the payments app's row on the checkout (`Checkout.payment`) records when.
    # A card holding weighed items is authorised, then charged once weighed: by card all the same.
    by_card = Q(checkout__payment__paid_at__isnull=False) | Q(checkout__payment__state="authorised")
    paid = ExpressionWrapper(by_card, output_field=BooleanField())
    orders = Order.objects.filter(shop_id=shop_id, status__in=Status.TO_PREPARE).select_related(
        "checkout", "pickup_point"
    )
    return (
        orders_on_day(orders, day=day)
        .annotate(items=Sum("lines__quantity", filter=~Q(lines__status=Status.LINE_UNAVAILABLE)), paid=paid)
        .prefetch_related(LINES_WITH_WEIGHING)  # a total before weighing says "about"
    )


def local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=timezone.get_current_timezone())


def group_by_slot(orders) -> list[tuple[dt.datetime | None, list[Order]]]:
    """[(slot start, orders)], in slot order; deliveries without a slot come last."""
    ordered = sorted(
        orders, key=lambda order: (order.slot_start is None, order.slot_start or dt.datetime.min)
    )
    return [(start, list(group)) for start, group in groupby(ordered, key=lambda order: order.slot_start)]


def preparation_totals(orders) -> list[tuple[str, int | str]]:
    """How many of each item to prepare across these orders, most needed first; an item sold by
    weight says about how much ("about 900 g"), after the counted ones."""
    totals: dict[str, int] = {}
    grams: dict[str, int] = {}
    for order in orders:
        for line in order.lines.all():
            if line.status == Status.LINE_UNAVAILABLE:
                continue
            weighing = getattr(line, "weighing", None)  # prefetched by the board's orders
            if weighing is not None:
                grams[line.title] = grams.get(line.title, 0) + weighing.item.estimated_grams
            else:
                totals[line.title] = totals.get(line.title, 0) + line.quantity
    counted = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    weighed = [(title, about_grams_text(total)) for title, total in sorted(grams.items())]
    return counted + weighed


def order_messages(order: Order) -> QuerySet[OutboxMessage]:
    """Messages about this order: its own, and its checkout's confirmation."""
    return OutboxMessage.objects.filter(
        Q(order=order) | Q(checkout_id=order.checkout_id, order__isnull=True)
    ).order_by("created_at", "pk")


# --- Orders booked at a market's stalls: what a change to the market would strand.


def market_session_orders(*, market: Market, date: dt.date) -> QuerySet[Order]:
    """Open orders to collect at this market's stalls on this date: what calling the session off hits."""
    return orders_on_day(Order.objects.filter(market=market, status__in=Status.OPEN), day=date)


def stall_orders_ahead(*, market: Market, since: dt.datetime) -> QuerySet[Order]:
    """Open orders still to collect at this market's stalls after `since`: what stopping the market,
    moving its day, a seasonal break or removing a stallholder would leave without a session."""
    return Order.objects.filter(market=market, status__in=Status.OPEN, slot_end__gt=since)


def upcoming_stall_orders(*, since: dt.datetime) -> dict[int, list[tuple[dt.date, int]]]:
    """Per market, its coming session days with open stall orders and how many: one query."""
    rows = (
        Order.objects.filter(market__isnull=False, status__in=Status.OPEN, slot_start__gte=since)
        .annotate(day=TruncDate("slot_start", tzinfo=town_zone()))
        .values("market", "day")
        .annotate(orders=Count("pk"))
        .order_by("market", "day")
    )
    by_market: dict[int, list[tuple[dt.date, int]]] = {}
    for row in rows:
        by_market.setdefault(row["market"], []).append((row["day"], row["orders"]))
    return by_market
