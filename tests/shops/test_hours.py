"""Opening hours and how a shop's status reads: ranges, closures, DST days, midnight, next opening."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shops.display import describe_status, week_schedule
from shops.hours import (
    ClosurePeriod,
    HoursError,
    TimeRange,
    WeeklyHours,
    shop_status,
    validate_day_ranges,
)

PARIS = ZoneInfo("Europe/Paris")
UTC = dt.UTC
MORNING = TimeRange(dt.time(8), dt.time(13))
AFTERNOON = TimeRange(dt.time(15, 30), dt.time(19, 30))
# Monday (0) to Saturday (5), two ranges a day; Sunday closed.
BAKERY = WeeklyHours({day: [AFTERNOON, MORNING] for day in range(6)})


def paris(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


def status_text(hours: WeeklyHours, at: dt.datetime, **kwargs) -> str:
    return describe_status(shop_status(hours, at, PARIS, **kwargs), at, PARIS)


# 2026-11-23 is a Monday.
@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (paris(2026, 11, 23, 7, 59), "Opens at 8:00"),
        (paris(2026, 11, 23, 8, 0), "Open until 13:00"),
        (paris(2026, 11, 23, 12, 59), "Open until 13:00"),
        (paris(2026, 11, 23, 13, 0), "Opens at 15:30"),
        (paris(2026, 11, 23, 15, 30), "Open until 19:30"),
        (paris(2026, 11, 23, 19, 30), "Opens tomorrow at 8:00"),
        (paris(2026, 11, 28, 20, 0), "Opens Monday at 8:00"),  # Saturday evening, closed on Sunday
    ],
)
def test_status_with_several_ranges_a_day(at: dt.datetime, expected: str) -> None:
    assert status_text(BAKERY, at) == expected


def test_ranges_given_in_any_order_are_read_in_time_order() -> None:
    status = shop_status(BAKERY, paris(2026, 11, 23, 6, 0), PARIS)
    assert status.next_opening == paris(2026, 11, 23, 8, 0)


def test_exceptional_closure_says_why_and_next_opening_skips_it() -> None:
    hours = WeeklyHours(
        BAKERY.ranges, [ClosurePeriod(dt.date(2026, 11, 23), dt.date(2026, 11, 24), "Inventaire")]
    )
    at = paris(2026, 11, 23, 10, 0)
    status = shop_status(hours, at, PARIS)
    assert not status.is_open
    assert describe_status(status, at, PARIS) == "Closed today: Inventaire"
    assert status.next_opening == paris(2026, 11, 25, 8, 0)


def test_closure_without_reason() -> None:
    hours = WeeklyHours(BAKERY.ranges, [ClosurePeriod(dt.date(2026, 11, 23), dt.date(2026, 11, 23))])
    assert status_text(hours, paris(2026, 11, 23, 10, 0)) == "Closed today"


def test_long_closure_names_the_date_of_reopening() -> None:
    hours = WeeklyHours(BAKERY.ranges, [ClosurePeriod(dt.date(2026, 11, 24), dt.date(2026, 12, 6), "Congés")])
    assert status_text(hours, paris(2026, 11, 23, 20, 0)) == "Opens on 7 December at 8:00"


def test_temporarily_closed_wins_over_hours_and_shows_the_message() -> None:
    at = paris(2026, 11, 23, 10, 0)
    assert status_text(BAKERY, at, temporarily_closed=True, message="Back on Monday") == (
        "Temporarily closed: Back on Monday"
    )
    assert status_text(BAKERY, at, temporarily_closed=True) == "Temporarily closed"


def test_shop_without_hours_is_closed() -> None:
    assert status_text(WeeklyHours({}), paris(2026, 11, 23, 10, 0)) == "Closed"


def test_range_closing_at_midnight() -> None:
    late = WeeklyHours({4: [TimeRange(dt.time(18), dt.time(0))]})  # Fridays 18:00–midnight
    friday_night = paris(2026, 11, 27, 23, 59)
    status = shop_status(late, friday_night, PARIS)
    assert status.is_open
    assert status.closes_at == paris(2026, 11, 28, 0, 0)
    assert describe_status(status, friday_night, PARIS) == "Open until midnight"
    # Just after midnight it is Saturday: Friday's range does not carry over.
    assert not shop_status(late, paris(2026, 11, 28, 0, 1), PARIS).is_open


def test_spring_forward_day_keeps_wall_clock_hours() -> None:
    """On 29 March 2026 Paris skips from 2:00 to 3:00: Sunday 8:00 is still 8:00 on the shop door."""
    sunday = WeeklyHours({6: [TimeRange(dt.time(8), dt.time(12))]})
    saturday_evening = paris(2026, 3, 28, 20, 0)  # UTC+1
    status = shop_status(sunday, saturday_evening, PARIS)
    assert status.next_opening == dt.datetime(2026, 3, 29, 6, 0, tzinfo=UTC)  # 8:00 at UTC+2
    # Subtract in UTC: Python subtracts same-zone datetimes as wall-clock times, ignoring the jump.
    assert status.next_opening.astimezone(UTC) - saturday_evening.astimezone(UTC) == dt.timedelta(hours=11)
    assert describe_status(status, saturday_evening, PARIS) == "Opens tomorrow at 8:00"
    nine_thirty = dt.datetime(2026, 3, 29, 7, 30, tzinfo=UTC)
    assert status_text(sunday, nine_thirty) == "Open until 12:00"


def test_fall_back_day_keeps_wall_clock_hours() -> None:
    """On 25 October 2026 Paris repeats 2:00–3:00: the night lasts an hour longer, opening stays 8:00."""
    sunday = WeeklyHours({6: [TimeRange(dt.time(8), dt.time(12))]})
    saturday_evening = paris(2026, 10, 24, 20, 0)  # UTC+2
    status = shop_status(sunday, saturday_evening, PARIS)
    assert status.next_opening == dt.datetime(2026, 10, 25, 7, 0, tzinfo=UTC)  # 8:00 at UTC+1
    assert status.next_opening.astimezone(UTC) - saturday_evening.astimezone(UTC) == dt.timedelta(hours=13)
    assert status_text(sunday, dt.datetime(2026, 10, 25, 10, 59, tzinfo=UTC)) == "Open until 12:00"
    # Closed at noon until next Sunday: a week ahead is named by its date, not "Sunday" (today).
    assert status_text(sunday, dt.datetime(2026, 10, 25, 11, 0, tzinfo=UTC)) == "Opens on 1 November at 8:00"


def test_status_is_read_in_town_time_whatever_the_zone_of_the_instant() -> None:
    # 6:30 UTC in winter is 7:30 in Paris: still closed; 7:00 UTC is 8:00 in Paris: open.
    assert not shop_status(BAKERY, dt.datetime(2026, 11, 23, 6, 30, tzinfo=UTC), PARIS).is_open
    assert shop_status(BAKERY, dt.datetime(2026, 11, 23, 7, 0, tzinfo=UTC), PARIS).is_open


def test_overlapping_or_backwards_ranges_are_refused() -> None:
    with pytest.raises(HoursError):
        validate_day_ranges([MORNING, TimeRange(dt.time(12), dt.time(14))])
    with pytest.raises(HoursError):
        validate_day_ranges([TimeRange(dt.time(14), dt.time(9))])
    validate_day_ranges([MORNING, AFTERNOON, TimeRange(dt.time(20), dt.time(0))])


def test_week_schedule_lists_every_day_with_its_ranges_and_marks_today() -> None:
    schedule = week_schedule(BAKERY, dt.date(2026, 11, 25))  # a Wednesday
    assert [day.name for day in schedule][:2] == ["Monday", "Tuesday"]
    assert schedule[0].ranges == ["8:00–13:00", "15:30–19:30"]
    assert schedule[6].ranges == []
    assert [day.is_today for day in schedule].index(True) == 2


# --- Properties over any week of shop hours (daytime ranges, possibly closing at midnight).

quarter_hours = st.integers(min_value=6 * 4, max_value=24 * 4)


@st.composite
def day_ranges(draw: st.DrawFn) -> list[TimeRange]:
    bounds = sorted(set(draw(st.lists(quarter_hours, max_size=6))))
    ranges = []
    for opens, closes in zip(bounds[::2], bounds[1::2], strict=False):
        closes_at = dt.time(0) if closes == 96 else dt.time(closes // 4, closes % 4 * 15)
        ranges.append(TimeRange(dt.time(opens // 4, opens % 4 * 15), closes_at))
    return ranges


weeks = st.builds(
    WeeklyHours,
    st.dictionaries(st.integers(min_value=0, max_value=6), day_ranges()),
    st.lists(
        st.builds(
            lambda start, length: ClosurePeriod(start, start + dt.timedelta(days=length), "Fermé"),
            st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
            st.integers(min_value=0, max_value=10),
        ),
        max_size=2,
    ),
)
instants = st.datetimes(dt.datetime(2026, 1, 1), dt.datetime(2026, 12, 31), timezones=st.just(UTC))


@settings(max_examples=300, deadline=None)
@given(hours=weeks, at=instants)
def test_open_until_a_later_instant_and_next_opening_really_opens(
    hours: WeeklyHours, at: dt.datetime
) -> None:
    status = shop_status(hours, at, PARIS)
    if status.is_open:
        assert status.closes_at > at
        assert status.next_opening is None
    elif status.next_opening is not None:
        assert status.next_opening > at
        assert shop_status(hours, status.next_opening, PARIS).is_open
        # Nothing opens in between: a minute before the next opening, the shop is still closed.
        minute_before = status.next_opening - dt.timedelta(minutes=1)
        assert minute_before <= at or not shop_status(hours, minute_before, PARIS).is_open


@settings(max_examples=200, deadline=None)
@given(hours=weeks, at=instants, closed=st.booleans(), message=st.text(max_size=30))
def test_every_status_reads_as_one_non_empty_line(
    hours: WeeklyHours, at: dt.datetime, closed: bool, message: str
) -> None:
    text = describe_status(
        shop_status(hours, at, PARIS, temporarily_closed=closed, message=message), at, PARIS
    )
    assert text.strip()
    assert "\n" not in text or "\n" in message
