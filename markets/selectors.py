"""Reads of the markets' calendar: sessions held, stallholders' stall slots, the home page's next sessions.

Each list is fetched with its relations prefetched, so a page costs the same queries for 1 or 100 markets.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch

from markets.calendar import Session, held_session_dates, next_sessions
from markets.models import Market, MarketBreak, MarketCancellation
from shops.display import format_range
from shops.hours import TimeRange
from shops.models import Partner
from shops.slots import MarketSession


def market_hours(market: Market) -> str:
    return format_range(TimeRange(market.opens, market.closes))


def _calendar(market: Market) -> dict:
    """A market's prefetched breaks and cancellations, as the plain values of `markets.calendar` take them."""
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


def markets_lock(*, market_ids: set[int]) -> None:
    """Lock the markets chosen for stall pickups, in primary-key order like every other lock of a
    checkout: the town hall calling a session off locks its market too, then sees the new orders."""
    list(Market.objects.select_for_update().filter(pk__in=market_ids).order_by("pk").values_list("pk"))
