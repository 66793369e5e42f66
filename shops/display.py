"""How a shop's status reads to a resident: "Open until 19:30", "Opens tomorrow at 8:00"…

Plain functions over plain values (no ORM, no request), so the wording is tested without a database.
Times are shown as 24-hour wall-clock times in the town's zone, the way French shops write them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.dates import WEEKDAYS as WEEKDAY_NAMES
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from shops.hours import MIDNIGHT, ShopStatus, TimeRange, WeeklyHours

TIME_FORMAT = "G:i"  # 8:00, 19:30: 24-hour clock, as on French shop doors
DAYS_NAMED_BY_WEEKDAY = 6  # within a week "Opens Monday at 8:00" is clearer than a date


def clock_time(moment: dt.datetime, zone: ZoneInfo) -> str:
    """The wall-clock time of an instant in the town, "19:30"; midnight reads "midnight"."""
    local = moment.astimezone(zone)
    if local.time() == dt.time(0, 0):
        return _("midnight")
    return date_format(local, TIME_FORMAT)


def describe_status(status: ShopStatus, now: dt.datetime, zone: ZoneInfo) -> str:
    """One short line saying whether the shop is open now, until when, or when it opens next."""
    if status.temporarily_closed:
        if status.message:
            return _("Temporarily closed: %(message)s") % {"message": status.message}
        return _("Temporarily closed")
    if status.is_open and status.closes_at:
        return _("Open until %(time)s") % {"time": clock_time(status.closes_at, zone)}
    if status.closure:
        if status.closure.reason:
            return _("Closed today: %(reason)s") % {"reason": status.closure.reason}
        return _("Closed today")
    if status.next_opening is None:
        return _("Closed")
    return describe_next_opening(status.next_opening, now, zone)


def describe_next_opening(opening: dt.datetime, now: dt.datetime, zone: ZoneInfo) -> str:
    """Next opening in words: "Opens at 15:30", "Opens tomorrow at 8:00", "Opens Monday at 8:00"…"""
    opening_local = opening.astimezone(zone)
    days_ahead = (opening_local.date() - now.astimezone(zone).date()).days
    time = clock_time(opening, zone)
    if days_ahead <= 0:
        return _("Opens at %(time)s") % {"time": time}
    if days_ahead == 1:
        return _("Opens tomorrow at %(time)s") % {"time": time}
    if days_ahead <= DAYS_NAMED_BY_WEEKDAY:
        return _("Opens %(day)s at %(time)s") % {"day": date_format(opening_local, "l"), "time": time}
    return _("Opens on %(date)s at %(time)s") % {"date": date_format(opening_local, "j F"), "time": time}


@dataclass(frozen=True)
class DaySchedule:
    """One row of a shop's hours table: "Monday", ["8:00–13:00", "15:30–19:30"]."""

    weekday: int
    name: str
    ranges: list[str]
    is_today: bool


def format_range(time_range: TimeRange) -> str:
    closes = _("midnight") if time_range.closes == MIDNIGHT else time_format(time_range.closes, TIME_FORMAT)
    return f"{time_format(time_range.opens, TIME_FORMAT)}–{closes}"


def week_schedule(hours: WeeklyHours, today: dt.date) -> list[DaySchedule]:
    """The usual week, Monday first; exceptional closures are listed apart, not folded in here."""
    return [
        DaySchedule(
            weekday=weekday,
            name=str(WEEKDAY_NAMES[weekday]),
            ranges=[
                format_range(r) for r in sorted(hours.ranges.get(weekday, ()), key=lambda r: r.opens_minutes)
            ],
            is_today=weekday == today.weekday(),
        )
        for weekday in range(7)
    ]
