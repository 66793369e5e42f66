"""When reminders and automatic cancellations fall due: plain functions over instants and hours.

Durations are added in UTC: Python adds to a datetime of a zone on its wall clock, not in time.

Local wall-clock rules ("the morning of the slot at 7:30", "three days later") are computed on
local dates and converted once, so they stay right across the DST weekends; fixed delays
("two hours before", "24 hours after") are absolute durations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from shops.hours import WeeklyHours, local_datetime

LOOKAHEAD_DAYS = 14


@dataclass(frozen=True)
class ReminderRules:
    morning_time: dt.time = dt.time(7, 30)  # morning slots are reminded that morning, at this time
    early_before: dt.time = dt.time(9, 0)  # slots starting before this are reminded the evening before…
    evening_time: dt.time = dt.time(19, 0)  # …at this time (a 7:00 pickup was reminded at 5:00)
    afternoon_from: dt.time = dt.time(12, 0)  # slots from this time on are reminded…
    afternoon_lead: dt.timedelta = dt.timedelta(hours=2)  # …this long before they start
    uncollected_after: dt.timedelta = dt.timedelta(hours=24)  # nudge when the slot ended this long ago


def pickup_reminder_at(slot_start: dt.datetime, zone: ZoneInfo, rules: ReminderRules) -> dt.datetime:
    """When to remind the resident of a pickup: the evening before an early slot, the slot's morning,
    or a while before an afternoon one.

    The evening before is a local date minus one day at a wall-clock time, so it stays at 19:00
    across the DST weekends.
    """
    local = slot_start.astimezone(zone)
    before = slot_start.astimezone(dt.UTC) - rules.afternoon_lead
    if local.time() >= rules.afternoon_from:
        return before
    if local.time() < rules.early_before:
        return dt.datetime.combine(local.date() - dt.timedelta(days=1), rules.evening_time, tzinfo=zone)
    morning = dt.datetime.combine(local.date(), rules.morning_time, tzinfo=zone)
    # A morning time set after the early limit (configurable) still never reminds after the start.
    return morning if morning.astimezone(dt.UTC) < slot_start.astimezone(dt.UTC) else before


def uncollected_reminder_at(slot_end: dt.datetime, rules: ReminderRules) -> dt.datetime:
    return slot_end.astimezone(dt.UTC) + rules.uncollected_after


def uncollected_cancel_at(slot_end: dt.datetime, days: int, zone: ZoneInfo) -> dt.datetime:
    """`days` local days after the slot ended, at the same wall-clock time."""
    local = slot_end.astimezone(zone)
    later = local.date() + dt.timedelta(days=days)
    return dt.datetime.combine(later, local.time(), tzinfo=zone)


def acceptance_deadline(placed_at: dt.datetime, hours: WeeklyHours, zone: ZoneInfo) -> dt.datetime | None:
    """The close of the shop's next opening day after the day the order was placed.

    An order still not accepted then is cancelled: the resident is not left waiting for a shop
    that does not answer. None when the shop has no opening day in the next two weeks.
    """
    placed_day = placed_at.astimezone(zone).date()
    for offset in range(1, LOOKAHEAD_DAYS + 1):
        day = placed_day + dt.timedelta(days=offset)
        ranges = hours.ranges_on(day)
        if ranges:
            return local_datetime(day, max(r.closes_minutes for r in ranges), zone)
    return None


def open_minutes_between(hours: WeeklyHours, start: dt.datetime, end: dt.datetime, zone: ZoneInfo) -> int:
    """How many minutes the shop was open between two instants (to chase unaccepted orders)."""
    # In UTC: Python subtracts datetimes of one zone on the wall clock, not in real time.
    start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    total = 0
    day = start.astimezone(zone).date()
    while day <= end.astimezone(zone).date():
        for time_range in hours.ranges_on(day):
            opens = local_datetime(day, time_range.opens_minutes, zone).astimezone(dt.UTC)
            closes = local_datetime(day, time_range.closes_minutes, zone).astimezone(dt.UTC)
            overlap = min(closes, end) - max(opens, start)
            total += max(int(overlap.total_seconds() // 60), 0)
        day += dt.timedelta(days=1)
    return total
