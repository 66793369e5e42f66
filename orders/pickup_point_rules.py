"""Pickup point rules over plain values: who may choose one, when shops drop off, when all has arrived.

The checkout's one code is drawn like any pickup code (orders.pickup_codes.unused_code)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

MIN_SHOPS = 2  # one shop's order is simply collected at that shop


def point_offered(*, shops_opted_in: Iterable[bool]) -> bool:
    """A basket may go to a pickup point when it spans several shops and every one of them drops there."""
    opted_in = list(shops_opted_in)
    return len(opted_in) >= MIN_SHOPS and all(opted_in)


def dropoff_deadline(slot_start: dt.datetime, *, margin_minutes: int) -> dt.datetime:
    """Shops drop their order at the point this long before the resident's slot (absolute time, DST-safe)."""
    deadline = slot_start.astimezone(dt.UTC) - dt.timedelta(minutes=margin_minutes)
    return deadline.astimezone(slot_start.tzinfo)


def everything_arrived(statuses: Iterable[str], *, dropped: str, cancelled: str) -> bool:
    """True when every order still wanted (not cancelled) of a checkout is at the point, and one is."""
    wanted = [status for status in statuses if status != cancelled]
    return bool(wanted) and all(status == dropped for status in wanted)
