"""When a product can be had: the slot rules a basket's products add to their shop's hours.

Pure functions over plain values (no ORM, no request), for the slot picker (orders.placement's
`shop_slots`), placement's refusals and the product and basket pages' "from when" to share:
- a product's preparation time, when set, replaces the shop's; a shop's part of a basket waits for
  its slowest product;
- a slot's local day must be one of each product's days, inside each product's order window
  (`product_details.is_sold_on`);
- a quick offer ("today at my counter") is collected inside its pickup window only.
The daily cap is a count, not a rule on slots: it is taken at placement (orders.services).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar
from zoneinfo import ZoneInfo

from shops.product_details import Availability, is_sold_on


@dataclass(frozen=True)
class ProductRules:
    """One product's rules for slots: its availability and, for a quick offer, its pickup window."""

    title: str = ""
    availability: Availability = field(default_factory=Availability)
    pickup_from: dt.datetime | None = None
    pickup_until: dt.datetime | None = None


# Why a slot is refused for a product, for the caller to word.
TOO_SOON = "too_soon"
NOT_THAT_DAY = "not_that_day"
OUTSIDE_WINDOW = "outside_window"


def lead_minutes(shop_minutes: int, products: Iterable[ProductRules]) -> int:
    """Minutes from now to the first slot: the longest preparation among the products, each
    product's own hours replacing the shop's (0 hours: ready at once, like a quick offer)."""
    leads = [
        rules.availability.preparation_hours * 60
        if rules.availability.preparation_hours is not None
        else shop_minutes
        for rules in products
    ]
    return max(leads, default=shop_minutes)


def slot_refusal(
    rules: ProductRules, *, start: dt.datetime, now: dt.datetime, shop_minutes: int, zone: ZoneInfo
) -> str:
    """Why this product cannot be collected in a slot starting at `start` ("" when it can)."""
    if start < now + dt.timedelta(minutes=lead_minutes(shop_minutes, [rules])):
        return TOO_SOON
    return _day_or_window_refusal(rules, start=start, zone=zone)


def _day_or_window_refusal(rules: ProductRules, *, start: dt.datetime, zone: ZoneInfo) -> str:
    if rules.pickup_from and start < rules.pickup_from or rules.pickup_until and start >= rules.pickup_until:
        return OUTSIDE_WINDOW
    if not is_sold_on(rules.availability, start.astimezone(zone).date()):
        return NOT_THAT_DAY
    return ""


SlotLike = TypeVar("SlotLike")


def slots_for_products(
    slots: Sequence[SlotLike], products: Sequence[ProductRules], *, zone: ZoneInfo
) -> list[SlotLike]:
    """The slots every product may be collected in (days, order windows, quick offers' windows).

    The preparation time is the caller's cut-off (`lead_minutes`), applied when the slots are made.
    """
    if not products:
        return list(slots)
    return [
        slot
        for slot in slots
        if not any(_day_or_window_refusal(rules, start=slot.start, zone=zone) for rules in products)
    ]


def earliest_day(
    rules: ProductRules, *, now: dt.datetime, shop_minutes: int, zone: ZoneInfo, days: int = 60
) -> dt.date | None:
    """The first local day the product may be collected, from its preparation time, days and
    window, within `days` (None: not in that time). The shop's hours are not read: a day it is
    closed may be named, which its slots then say."""
    ready = now + dt.timedelta(minutes=lead_minutes(shop_minutes, [rules]))
    first = ready.astimezone(zone).date()
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        if rules.pickup_until and day > rules.pickup_until.astimezone(zone).date():
            return None
        if rules.pickup_from and day < rules.pickup_from.astimezone(zone).date():
            continue
        if is_sold_on(rules.availability, day):
            return day
    return None
