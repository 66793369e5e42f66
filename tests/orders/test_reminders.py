"""When reminders and automatic cancellations fall due, DST weekends included."""

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from orders.reminders import (
    ReminderRules,
    acceptance_deadline,
    open_minutes_between,
    pickup_reminder_at,
    uncollected_cancel_at,
    uncollected_reminder_at,
)
from shops.hours import ClosurePeriod, TimeRange, WeeklyHours

PARIS = ZoneInfo("Europe/Paris")
RULES = ReminderRules()
BAKERY = WeeklyHours(
    {d: [TimeRange(dt.time(8), dt.time(13)), TimeRange(dt.time(15), dt.time(19))] for d in range(1, 7)}
)


def utc(moment: dt.datetime) -> dt.datetime:
    # Python subtracts datetimes of one zone on the wall clock: real durations need UTC.
    return moment.astimezone(dt.UTC)


def paris(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


def test_morning_slots_are_reminded_that_morning_afternoon_ones_two_hours_before():
    assert pickup_reminder_at(paris(2026, 11, 24, 10, 0), PARIS, RULES) == paris(2026, 11, 24, 7, 30)
    assert pickup_reminder_at(paris(2026, 11, 24, 16, 0), PARIS, RULES) == paris(2026, 11, 24, 14, 0)


def test_early_slots_are_reminded_the_evening_before_not_at_dawn():
    # A 7:00 pickup was reminded at 5:00; now at 19:00 the day before, whatever the early time.
    assert pickup_reminder_at(paris(2026, 11, 24, 7, 0), PARIS, RULES) == paris(2026, 11, 23, 19, 0)
    assert pickup_reminder_at(paris(2026, 11, 24, 8, 45), PARIS, RULES) == paris(2026, 11, 23, 19, 0)
    assert pickup_reminder_at(paris(2026, 11, 24, 9, 0), PARIS, RULES) == paris(2026, 11, 24, 7, 30)
    # Monday after the clocks went forward (Sunday 29 March 2026): still 19:00 on Sunday's dial.
    assert pickup_reminder_at(paris(2026, 3, 30, 7, 0), PARIS, RULES) == paris(2026, 3, 29, 19, 0)


@given(st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2027, 12, 31)))
def test_a_reminder_always_comes_before_its_slot_and_never_at_night(naive):
    slot_start = naive.replace(tzinfo=PARIS)
    reminder = pickup_reminder_at(slot_start, PARIS, RULES)
    assert utc(reminder) < utc(slot_start)
    assert not dt.time(0) < reminder.astimezone(PARIS).time() < dt.time(7, 0)


def test_reminders_keep_their_wall_clock_time_across_both_dst_changes():
    # Sunday 29 March 2026 (clocks forward) and Sunday 25 October 2026 (clocks back).
    for day in (29, 30):
        assert pickup_reminder_at(paris(2026, 3, day, 11, 0), PARIS, RULES).astimezone(
            PARIS
        ).time() == dt.time(7, 30)
    assert pickup_reminder_at(paris(2026, 10, 25, 9, 0), PARIS, RULES) == paris(2026, 10, 25, 7, 30)
    # Two hours before 3:30 on the night clocks go forward is 0:30 local: one real hour earlier on the dial.
    assert pickup_reminder_at(paris(2026, 3, 29, 15, 0), PARIS, RULES) == paris(2026, 3, 29, 13, 0)


def test_uncollected_orders_are_nudged_a_day_later_and_cancelled_days_later_at_the_same_time():
    end = paris(2026, 10, 24, 18, 0)  # the Saturday before clocks go back
    assert utc(uncollected_reminder_at(end, RULES)) - utc(end) == dt.timedelta(hours=24)
    cancel = uncollected_cancel_at(end, 3, PARIS)
    assert cancel.astimezone(PARIS).replace(tzinfo=None) == dt.datetime(2026, 10, 27, 18, 0)
    assert utc(cancel) - utc(end) == dt.timedelta(days=3, hours=1)  # the night the clocks went back


def test_an_unaccepted_order_waits_until_the_close_of_the_next_opening_day():
    # The bakery opens Tuesday to Sunday. Placed Saturday evening: Sunday's close.
    saturday = paris(2026, 11, 28, 20, 0)
    assert acceptance_deadline(saturday, BAKERY, PARIS) == paris(2026, 11, 29, 19, 0)  # Sunday's close
    sunday = paris(2026, 11, 29, 20, 0)
    assert acceptance_deadline(sunday, BAKERY, PARIS) == paris(2026, 12, 1, 19, 0)  # Monday closed
    on_leave = WeeklyHours(
        BAKERY.ranges, [ClosurePeriod(dt.date(2026, 12, 1), dt.date(2026, 12, 3), "Congés")]
    )
    assert acceptance_deadline(sunday, on_leave, PARIS) == paris(2026, 12, 4, 19, 0)
    assert acceptance_deadline(sunday, WeeklyHours({}), PARIS) is None


def test_open_minutes_count_only_opening_hours():
    # Tuesday 12:00 → 16:00: one hour of morning range and one of the afternoon range.
    assert open_minutes_between(BAKERY, paris(2026, 11, 24, 12), paris(2026, 11, 24, 16), PARIS) == 120
    # Monday is closed: nothing counts.
    assert open_minutes_between(BAKERY, paris(2026, 11, 23, 8), paris(2026, 11, 23, 20), PARIS) == 0


@given(
    start=st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2027, 12, 1)),
    hours=st.integers(0, 96),
)
def test_open_minutes_never_exceed_the_time_elapsed(start, hours):
    start = start.replace(tzinfo=dt.UTC)
    end = start + dt.timedelta(hours=hours)
    assert 0 <= open_minutes_between(BAKERY, start, end, PARIS) <= hours * 60
