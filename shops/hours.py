"""Opening hours as plain values: is a shop open at a given instant, and until when.

No ORM and no request here, so the rules can be property-tested. Times are wall-clock times in
the town's zone; a range closing at 00:00 closes at midnight. Comparing wall-clock times of the
local date (rather than adding durations to instants) keeps the answers right on DST days.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

MIDNIGHT = dt.time(0, 0)
LOOKAHEAD_DAYS = 14


@dataclass(frozen=True)
class TimeRange:
    opens: dt.time
    closes: dt.time  # 00:00 means midnight at the end of the day

    @property
    def closes_minutes(self) -> int:
        return 24 * 60 if self.closes == MIDNIGHT else self.closes.hour * 60 + self.closes.minute

    @property
    def opens_minutes(self) -> int:
        return self.opens.hour * 60 + self.opens.minute

    def contains(self, moment: dt.time) -> bool:
        minutes = moment.hour * 60 + moment.minute
        return self.opens_minutes <= minutes < self.closes_minutes


@dataclass(frozen=True)
class ClosurePeriod:
    start: dt.date
    end: dt.date  # inclusive
    reason: str = ""

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class WeeklyHours:
    """Ranges per weekday (0 = Monday), plus exceptional closures."""

    ranges: Mapping[int, Sequence[TimeRange]]
    closures: Sequence[ClosurePeriod] = ()
    # How many local days from today the shop takes bookings for (None: as many as asked). Only
    # slots read it (shops.slots.compute_slots): the hours themselves go on beyond it.
    horizon_days: int | None = None

    def closure_on(self, day: dt.date) -> ClosurePeriod | None:
        return next((c for c in self.closures if c.covers(day)), None)

    def ranges_on(self, day: dt.date) -> list[TimeRange]:
        """The ranges the shop is open on this local date (none on a closure day)."""
        if self.closure_on(day):
            return []
        return sorted(self.ranges.get(day.weekday(), ()), key=lambda r: r.opens_minutes)


@dataclass(frozen=True)
class ShopStatus:
    is_open: bool
    closes_at: dt.datetime | None = None  # when open: the end of the current range
    next_opening: dt.datetime | None = None  # when closed: the start of the next range
    closure: ClosurePeriod | None = None  # when closed today for an exceptional reason
    temporarily_closed: bool = False
    message: str = ""


class HoursError(ValueError):
    """A set of ranges that cannot be a day's opening hours."""


def validate_day_ranges(ranges: Iterable[TimeRange]) -> None:
    """Raise HoursError when a range ends before it starts or two ranges overlap."""
    ordered = sorted(ranges, key=lambda r: r.opens_minutes)
    for time_range in ordered:
        if time_range.closes_minutes <= time_range.opens_minutes:
            raise HoursError("end_before_start", time_range)
    for earlier, later in itertools.pairwise(ordered):
        if later.opens_minutes < earlier.closes_minutes:
            raise HoursError("overlap", earlier, later)


def local_datetime(day: dt.date, minutes: int, zone: ZoneInfo) -> dt.datetime:
    """The aware instant of a wall-clock time, `minutes` after the start of a local date."""
    if minutes >= 24 * 60:
        return dt.datetime.combine(day + dt.timedelta(days=1), MIDNIGHT, tzinfo=zone)
    return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=zone)


def shop_status(
    hours: WeeklyHours,
    at: dt.datetime,
    zone: ZoneInfo,
    *,
    temporarily_closed: bool = False,
    message: str = "",
) -> ShopStatus:
    """Whether the shop is open at `at`, until when, or when it opens next."""
    if temporarily_closed:
        return ShopStatus(is_open=False, temporarily_closed=True, message=message)
    local = at.astimezone(zone)
    today = local.date()
    for time_range in hours.ranges_on(today):
        if time_range.contains(local.time()):
            return ShopStatus(is_open=True, closes_at=local_datetime(today, time_range.closes_minutes, zone))
    return ShopStatus(
        is_open=False,
        next_opening=next_opening(hours, local, zone),
        closure=hours.closure_on(today),
    )


def next_opening(hours: WeeklyHours, after: dt.datetime, zone: ZoneInfo) -> dt.datetime | None:
    """The start of the first range after `after`, looking two weeks ahead."""
    local = after.astimezone(zone)
    now_minutes = local.hour * 60 + local.minute
    for offset in range(LOOKAHEAD_DAYS + 1):
        day = local.date() + dt.timedelta(days=offset)
        for time_range in hours.ranges_on(day):
            if offset or time_range.opens_minutes > now_minutes:
                return local_datetime(day, time_range.opens_minutes, zone)
    return None
