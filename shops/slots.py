"""Pickup slots computed from a shop's hours: plain values in, plain values out.

Slots are never stored; only bookings are. A slot is a window of `slot_minutes` that starts on
the wall-clock grid of an opening range (8:00, 8:30, …) and ends inside that range. It is offered
only when it starts after the preparation lead time. Durations are absolute, so on the days the
clocks change a slot still lasts exactly `slot_minutes`; grid times that do not exist that day
(2:30 on the last Sunday of March) are skipped, and so is a grid time the previous slot runs past
(with 45-minute slots, 1:30 then ends at 3:15 summer time: 3:00 is not offered), so slots never
overlap. A slot ends by the closing time both as an instant and on the wall clock: when the clocks
jump over a range's closing time (2:30 that March night), its slots end before the jump.

A stallholder offering pickup at its market stall also gets slots from each held market session
(passed in as plain values: the calendar rules are markets.calendar's), on the same grid
and with the same rules. The shop's capacity is per start time, wherever the order is handed over:
a shop slot and a stall slot starting together share one booking count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from shops.hours import TimeRange, WeeklyHours, local_datetime

# The furthest any shop takes bookings (a shop's own horizon, `Partner.slot_horizon_days`, 14 days
# by default, is carried by its WeeklyHours and stops the slots earlier).
MAX_HORIZON_DAYS = 60
DEFAULT_DAYS = MAX_HORIZON_DAYS


@dataclass(frozen=True)
class Slot:
    start: dt.datetime
    end: dt.datetime
    capacity: int
    booked: int = 0
    market_id: int | None = None  # set: collected at this market's stall, not at the shop
    place: str = ""  # the market's name and place, as residents read it

    @property
    def at_market(self) -> bool:
        return self.market_id is not None

    @property
    def remaining(self) -> int:
        return max(self.capacity - self.booked, 0)

    @property
    def is_full(self) -> bool:
        return self.booked >= self.capacity


@dataclass(frozen=True)
class MarketSession:
    """A held market session where the shop has a stall: a day, the market's hours, and where."""

    market_id: int
    date: dt.date
    opens: dt.time
    closes: dt.time
    place: str


@dataclass(frozen=True)
class SlotRules:
    slot_minutes: int
    capacity: int
    lead_minutes: int = 0


def _exists(moment: dt.datetime, zone: ZoneInfo) -> bool:
    """False for wall-clock times skipped when clocks go forward."""
    round_trip = moment.astimezone(dt.UTC).astimezone(zone)
    return round_trip.replace(tzinfo=None) == moment.replace(tzinfo=None)


def compute_slots(
    hours: WeeklyHours,
    rules: SlotRules,
    *,
    now: dt.datetime,
    zone: ZoneInfo,
    days: int = DEFAULT_DAYS,
    first_day: dt.date | None = None,
    bookings: Mapping[dt.datetime, int] | None = None,
    market_sessions: Sequence[MarketSession] = (),
) -> list[Slot]:
    """The slots of `days` local days from `first_day` (today), full ones included and marked full.

    `bookings` maps a slot's start instant to the number of orders booked in it. Each day lists the
    shop's slots, then each of that day's `market_sessions`' slots.
    """
    bookings = bookings or {}
    booked_by_instant = {start.astimezone(dt.UTC): count for start, count in bookings.items()}
    length = dt.timedelta(minutes=rules.slot_minutes)
    cut_off = now + dt.timedelta(minutes=rules.lead_minutes)
    today = now.astimezone(zone).date()
    first_day = first_day or today
    # The shop's horizon counts from today, also when only a later day is asked for.
    last_day = today + dt.timedelta(days=hours.horizon_days - 1) if hours.horizon_days else None
    slots: list[Slot] = []
    for offset in range(days):
        day = first_day + dt.timedelta(days=offset)
        if last_day is not None and day > last_day:
            break
        places = [(time_range, None, "") for time_range in hours.ranges_on(day)]
        # A closure (holidays, inventory) stops pickup at the stall too: the profile promises no pickup.
        places += [
            (TimeRange(session.opens, session.closes), session.market_id, session.place)
            for session in market_sessions
            if session.date == day and not hours.closure_on(day)
        ]
        for time_range, market_id, place in places:
            closes = local_datetime(day, time_range.closes_minutes, zone)
            closes_utc, closes_wall = closes.astimezone(dt.UTC), closes.replace(tzinfo=None)
            previous_end: dt.datetime | None = None
            for minutes in range(time_range.opens_minutes, time_range.closes_minutes, rules.slot_minutes):
                start = local_datetime(day, minutes, zone)
                if not _exists(start, zone) or start < cut_off:
                    continue
                # In UTC: Python adds to and compares same-zone datetimes on the wall clock.
                start_utc = start.astimezone(dt.UTC)
                if previous_end is not None and start_utc < previous_end:
                    continue  # the hour skipped in March ran the last slot past this grid time
                end = start_utc + length
                # On the wall clock too: read as an instant, a closing time that does not exist
                # (2:30 in March) falls an hour after the clocks jumped.
                if end > closes_utc or end.astimezone(zone).replace(tzinfo=None) > closes_wall:
                    break
                previous_end = end
                booked = booked_by_instant.get(start_utc, 0)
                slots.append(
                    Slot(
                        start=start,
                        end=end.astimezone(zone),
                        capacity=rules.capacity,
                        booked=booked,
                        market_id=market_id,
                        place=place,
                    )
                )
    return slots


def find_slot(slots: list[Slot], start: dt.datetime, market_id: int | None = None) -> Slot | None:
    """The offered slot starting at `start` (at that market's stall), if any: how a choice is checked."""
    return next((slot for slot in slots if slot.start == start and slot.market_id == market_id), None)
