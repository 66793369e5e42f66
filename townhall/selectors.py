"""Reads for the town hall features: today's status of every shop, current news, next market sessions,
who in the town hall is written to.

Each list is fetched with its relations prefetched, so a page costs the same queries for 1 or 100 rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from core.roles import TOWN_HALL_GROUP
from markets.calendar import status_at_the_market
from markets.models import Market
from markets.selectors import market_hours, markets_held_by_shop
from shops.display import describe_status, format_range
from shops.hours import ShopStatus
from shops.models import Partner
from shops.selectors import storefront_shops, town_zone
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


def town_hall_addresses() -> list[tuple[int, str]]:
    """(user id, email) of each town hall member to write to, one per address, oldest account first.

    Members are the active staff of the town hall group: only they can open the dashboard a message
    links to, and someone who left the town hall stops being written to once their account is closed.
    """
    members = (
        get_user_model()
        .objects.filter(groups__name=TOWN_HALL_GROUP, is_active=True, is_staff=True)
        .exclude(email="")
        .order_by("pk")
        .values_list("pk", "email")
        .distinct()
    )
    seen: set[str] = set()
    addresses = []
    for pk, email in members:
        if email.lower() not in seen:  # two accounts, one mailbox: one message
            seen.add(email.lower())
            addresses.append((pk, email))
    return addresses
