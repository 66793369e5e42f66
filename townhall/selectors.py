"""Reads for the town hall features: today's status of every shop, current news, next market sessions.

Each list is fetched with its relations prefetched, so a page costs the same queries for 1 or 100 rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet
from django.db.models.functions import TruncDate

from markets.models import Market, MarketBreak, MarketCancellation
from orders.models import Order, Status
from orders.selectors import orders_on_day
from shops.display import describe_status, format_range
from shops.hours import ShopStatus, TimeRange
from shops.models import Partner
from shops.selectors import storefront_shops, town_zone
from shops.slots import MarketSession
from townhall.markets import Session, held_session_dates, next_sessions, status_at_the_market
from townhall.models import Announcement, MerchantPost, ModerationEvent


@dataclass(frozen=True)
class StatusBoardLine:
    """One line of the daily status board: how a shop trades today."""

    shop: Partner
    status: ShopStatus
    status_text: str
    hours_today: list[str]  # "8:00–13:00"; empty when closed all day
    closed_today_reason: str  # an exceptional closure's reason, "" otherwise
    markets_today: list[Market] = field(default_factory=list)  # held sessions where it has a stall

    @property
    def closed_today(self) -> bool:
        return self.status.temporarily_closed or not (self.hours_today or self.markets_today)

    @property
    def stall_pickup_today(self) -> bool:
        """Residents can order online (click & collect) and collect at its stall today."""
        shop = self.shop
        on = bool(self.markets_today) and not self.status.temporarily_closed
        return on and shop.offers_click_collect and shop.offers_market_pickup

    def as_json(self) -> dict:
        """The feed's shape, for the town's website: plain strings and booleans, stable keys."""
        shop = self.shop
        return {
            "name": shop.display_name,
            "slug": shop.slug,
            "category": shop.category.name if shop.category else "",
            "address": shop.full_address,
            "phone": shop.phone,
            "open_now": self.status.is_open,
            "status": self.status_text,
            "hours_today": self.hours_today,
            "closed_today": self.closed_today,
            "closed_today_reason": self.closed_today_reason,
            "temporarily_closed": self.status.temporarily_closed,
            "closed_message": self.status.message,
            "markets_today": [
                {"name": market.name, "place": market.place, "hours": market_hours(market)}
                for market in self.markets_today
            ],
            "sales_modes": {
                "click_collect": shop.offers_click_collect,
                "call_collect": shop.offers_call_collect,
                "delivery": shop.offers_delivery,
                "market_pickup": self.stall_pickup_today,
            },
        }


def market_hours(market: Market) -> str:
    return format_range(TimeRange(market.opens, market.closes))


def status_board(*, at: dt.datetime) -> list[StatusBoardLine]:
    """Every approved shop's day at `at`, from its hours, closures and "temporarily closed" switch,
    and the markets held today where it has a stall (a stallholder without premises trades there)."""
    zone = town_zone()
    today = at.astimezone(zone).date()
    markets = markets_held_by_shop(day=today)
    board = []
    for shop in storefront_shops():
        hours = shop.weekly_hours()
        stalls = markets.get(shop.pk, [])
        sessions = [
            tuple(dt.datetime.combine(today, time, tzinfo=zone) for time in (market.opens, market.closes))
            for market in stalls
        ]
        status = status_at_the_market(shop.status_at(at, week=hours), sessions, at)
        closure = hours.closure_on(today)
        board.append(
            StatusBoardLine(
                shop=shop,
                status=status,
                status_text=describe_status(status, at, zone),
                hours_today=[format_range(r) for r in hours.ranges_on(today)],
                closed_today_reason=closure.reason if closure else "",
                markets_today=[] if closure else stalls,
            )
        )
    return board


def _calendar(market: Market) -> dict:
    """A market's prefetched breaks and cancellations, as the plain values of `markets.py` take them."""
    return {
        "breaks": [(b.start_date, b.end_date) for b in market.breaks.all()],
        "cancellations": {c.date: c.reason for c in market.cancellations.all()},
    }


def markets_held_by_shop(*, day: dt.date) -> dict[int, list[Market]]:
    """The markets held on `day` (not on a break, not called off), per stallholder: four queries."""
    markets = Market.objects.filter(is_active=True, weekday=day.weekday()).prefetch_related(
        Prefetch("breaks", queryset=MarketBreak.objects.filter(start_date__lte=day, end_date__gte=day)),
        Prefetch("cancellations", queryset=MarketCancellation.objects.filter(date=day)),
        Prefetch("stallholders", queryset=Partner.objects.only("pk")),
    )
    by_shop: dict[int, list[Market]] = {}
    for market in markets:
        held = held_session_dates(
            weekday=market.weekday,
            first_day=day,
            days=1,
            **_calendar(market),
        )
        for shop in market.stallholders.all() if held else ():
            by_shop.setdefault(shop.pk, []).append(market)
    return by_shop


def current_announcements(*, today: dt.date) -> QuerySet[Announcement]:
    return Announcement.objects.current(today=today)


def published_posts(*, at: dt.datetime) -> QuerySet[MerchantPost]:
    return MerchantPost.objects.published(at=at).select_related("shop")


def shop_posts(*, shop: Partner, at: dt.datetime) -> QuerySet[MerchantPost]:
    return published_posts(at=at).filter(shop=shop)


def merchant_posts(*, shop: Partner) -> QuerySet[MerchantPost]:
    """All of a shop's posts for its merchant, hidden and scheduled ones included."""
    return MerchantPost.objects.filter(shop=shop)


def moderation_log() -> QuerySet[ModerationEvent]:
    """What the town hall hid; its other actions are in the oversight's log."""
    hidden = (ModerationEvent.Action.POST_HIDDEN, ModerationEvent.Action.PRODUCT_HIDDEN)
    return ModerationEvent.objects.filter(action__in=hidden).select_related("actor", "shop")


@dataclass(frozen=True)
class MarketSchedule:
    market: Market
    sessions: list[Session]


def market_schedules(*, today: dt.date, count: int) -> list[MarketSchedule]:
    """Held markets with their next `count` sessions, stallholders, breaks and cancellations prefetched."""
    markets = Market.objects.filter(is_active=True).prefetch_related(
        Prefetch("stallholders", queryset=Partner.objects.on_storefront().order_by("name")),
        "breaks",
        Prefetch("cancellations", queryset=MarketCancellation.objects.filter(date__gte=today)),
    )
    return [
        MarketSchedule(
            market=market,
            sessions=next_sessions(
                weekday=market.weekday,
                today=today,
                count=count,
                **_calendar(market),
            ),
        )
        for market in markets
    ]


def next_market_sessions(*, today: dt.date, count: int) -> list[tuple[Session, Market]]:
    """The soonest sessions across all markets, for the home page block."""
    sessions = [
        (session, schedule.market)
        for schedule in market_schedules(today=today, count=count)
        for session in schedule.sessions
    ]
    return sorted(sessions, key=lambda pair: (pair[0].date, pair[1].opens))[:count]


def stall_sessions(*, shop: Partner, first_day: dt.date, days: int) -> list[MarketSession]:
    """The held sessions, in `days` days from `first_day`, of the markets where `shop` has a stall.

    Plain values for the shop's slot computation; three queries, whatever the number of markets.
    """
    last_day = first_day + dt.timedelta(days=max(days, 1) - 1)
    breaks = MarketBreak.objects.filter(end_date__gte=first_day, start_date__lte=last_day)
    cancellations = MarketCancellation.objects.filter(date__range=(first_day, last_day))
    markets = shop.markets.filter(is_active=True).prefetch_related(
        Prefetch("breaks", queryset=breaks), Prefetch("cancellations", queryset=cancellations)
    )
    return [
        MarketSession(market.pk, date, market.opens, market.closes, market.name_and_place)
        for market in markets
        for date in held_session_dates(
            weekday=market.weekday,
            first_day=first_day,
            days=days,
            **_calendar(market),
        )
    ]


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
