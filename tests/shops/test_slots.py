"""Pickup slots: the properties every computed slot must keep, DST weekends included."""

import datetime as dt
import functools
import itertools
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from markets.calendar import held_session_dates
from shops.hours import ClosurePeriod, TimeRange, WeeklyHours, local_datetime
from shops.slots import DEFAULT_DAYS, MarketSession, SlotRules, compute_slots, find_slot

PARIS = ZoneInfo("Europe/Paris")
BAKERY = WeeklyHours(
    {
        day: [TimeRange(dt.time(7), dt.time(13)), TimeRange(dt.time(15, 30), dt.time(19, 30))]
        for day in range(1, 7)
    }
)


def utc(moment: dt.datetime) -> dt.datetime:
    # Python subtracts and compares datetimes of one zone on the wall clock: real durations need UTC.
    return moment.astimezone(dt.UTC)


def paris(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


def test_slots_follow_the_hours_grid_with_lead_time():
    # Tuesday 10:10, lead time 60 min: the first slot starts at 11:30 (11:10 is not on the grid).
    slots = compute_slots(
        BAKERY,
        SlotRules(slot_minutes=30, capacity=3, lead_minutes=60),
        now=paris(2026, 11, 24, 10, 10),
        zone=PARIS,
        days=1,
    )
    starts = [s.start.astimezone(PARIS).strftime("%H:%M") for s in slots]
    assert starts[:3] == ["11:30", "12:00", "12:30"]
    assert "13:00" not in starts and "15:30" in starts and starts[-1] == "19:00"


def test_full_slots_are_listed_as_full_and_remaining_counts_down():
    start = paris(2026, 11, 24, 16, 0)
    slots = compute_slots(
        BAKERY,
        SlotRules(30, capacity=3),
        now=paris(2026, 11, 24, 8),
        zone=PARIS,
        days=1,
        bookings={start: 3, start + dt.timedelta(minutes=30): 1},
    )
    assert find_slot(slots, start).is_full
    assert find_slot(slots, start + dt.timedelta(minutes=30)).remaining == 2


def test_no_slots_on_a_closure_day_or_weekly_closed_day():
    hours = WeeklyHours(
        BAKERY.ranges, [ClosurePeriod(dt.date(2026, 11, 25), dt.date(2026, 11, 25), "Inventaire")]
    )
    slots = compute_slots(hours, SlotRules(30, 3), now=paris(2026, 11, 22, 20), zone=PARIS, days=7)
    days = {s.start.astimezone(PARIS).date() for s in slots}
    assert dt.date(2026, 11, 25) not in days  # closure
    assert dt.date(2026, 11, 23) not in days  # Monday: closed every week
    assert dt.date(2026, 11, 24) in days


def test_find_slot_refuses_a_time_that_is_not_offered():
    slots = compute_slots(BAKERY, SlotRules(30, 3), now=paris(2026, 11, 24, 8), zone=PARIS, days=1)
    assert find_slot(slots, paris(2026, 11, 24, 14, 0)) is None  # lunch break
    assert find_slot(slots, paris(2026, 11, 24, 9, 15)) is None  # off the grid


def local_times(slots) -> list[str]:
    return [s.start.astimezone(PARIS).strftime("%H:%M") for s in slots]


NIGHT_OWL = WeeklyHours(
    {day: [TimeRange(dt.time(0), dt.time(4)), TimeRange(dt.time(20), dt.time(0))] for day in range(7)}
)


def test_spring_forward_skips_the_missing_hour_and_keeps_slot_length():
    slots = compute_slots(NIGHT_OWL, SlotRules(30, 2), now=paris(2026, 3, 29, 0, 0), zone=PARIS, days=1)
    local = [s.start.astimezone(PARIS).strftime("%H:%M") for s in slots if s.start.astimezone(PARIS).hour < 5]
    assert "02:00" not in local and "02:30" not in local
    assert local[:4] == ["00:00", "00:30", "01:00", "01:30"] and "03:00" in local
    assert all(utc(s.end) - utc(s.start) == dt.timedelta(minutes=30) for s in slots)


def test_fall_back_day_has_no_overlapping_slots():
    slots = compute_slots(NIGHT_OWL, SlotRules(30, 2), now=paris(2026, 10, 25, 0, 0), zone=PARIS, days=1)
    for earlier, later in zip(slots, slots[1:], strict=False):
        assert utc(earlier.end) <= utc(later.start)


def last_sunday(year: int, month: int) -> dt.date:
    end = dt.date(year, month + 1, 1) - dt.timedelta(days=1)
    return end - dt.timedelta(days=(end.weekday() - 6) % 7)


# `now` a few days before to a day after a clock change (March or October, 2026–2030), when a
# week's slots include the change: drawn uniformly over two years, hardly any example reaches one.
near_clock_change = st.builds(
    lambda year, month, minutes: (
        dt.datetime.combine(last_sunday(year, month), dt.time(1), tzinfo=dt.UTC)
        + dt.timedelta(minutes=minutes)
    ),
    st.integers(2026, 2030),
    st.sampled_from([3, 10]),
    st.integers(-6 * 24 * 60, 24 * 60),
)
anytime = st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2027, 12, 31)).map(
    lambda moment: moment.replace(tzinfo=dt.UTC)
)
slot_lengths = st.sampled_from([15, 30, 45, 60, 90])

ranges_strategy = st.lists(
    st.tuples(st.integers(0, 47), st.integers(1, 48))
    .map(lambda p: (min(p), max(p)))
    .filter(lambda p: p[0] < p[1]),
    min_size=0,
    max_size=3,
)
# Night ranges starting by 2:30 and ending from 2:00 to 5:00, across the hour the clocks change.
night_ranges = st.lists(
    st.tuples(st.integers(0, 5), st.integers(4, 10)).filter(lambda p: p[0] < p[1]), min_size=1, max_size=2
).map(lambda pairs: [*pairs, (16, 38)])


def to_ranges(pairs: list[tuple[int, int]]) -> list[TimeRange]:
    ranges, last_end = [], -1
    for start, end in sorted(pairs):
        if start >= last_end:  # keep the day's ranges disjoint, as the hours form enforces
            ranges.append(
                TimeRange(dt.time(start // 2, 30 * (start % 2)), dt.time((end // 2) % 24, 30 * (end % 2)))
            )
            last_end = end
    return ranges


@functools.cache
def first_instant_reading(day: dt.date, minutes: int) -> dt.datetime:
    """The first instant the town's wall clock reads `minutes` after `day`'s midnight, or later.

    Across the hour skipped in March that is the clock change; in October, the first of the two.
    Walked in real quarters of an hour: hours, slot starts and clock changes all fall on quarters.
    """
    wanted = dt.datetime.combine(day, dt.time(0)) + dt.timedelta(minutes=minutes)
    moment = utc(paris(day.year, day.month, day.day))
    while moment.astimezone(PARIS).replace(tzinfo=None) < wanted:
        moment += dt.timedelta(minutes=15)
    return moment


def assert_slot_properties(slots, hours: WeeklyHours, rules: SlotRules, now: dt.datetime) -> None:
    """Each slot in an opening range of its day, after the lead time, its length long, none overlapping."""
    for slot in slots:
        assert utc(slot.start) >= utc(now) + dt.timedelta(minutes=rules.lead_minutes)
        # Real elapsed time, clock change or not: no slot across a change is shortened or stretched.
        assert utc(slot.end) - utc(slot.start) == dt.timedelta(minutes=rules.slot_minutes)
        day = slot.start.astimezone(PARIS).date()
        assert not hours.closure_on(day)
        assert any(
            first_instant_reading(day, r.opens_minutes) <= utc(slot.start)
            and utc(slot.end) <= first_instant_reading(day, r.closes_minutes)
            for r in hours.ranges_on(day)
        ), f"{slot.start:%Y-%m-%d %H:%M%z}–{slot.end:%H:%M%z} is outside the opening hours"
    ordered = sorted(slots, key=lambda slot: utc(slot.start))
    for earlier, later in itertools.pairwise(ordered):
        assert utc(earlier.end) <= utc(later.start), f"{earlier.start} overlaps {later.start}"


def test_spring_forward_slots_do_not_overlap_the_next_grid_time():
    # 45-minute slots: 01:30 CET ends at 03:15 CEST, after 03:00 CEST, the next time on the grid.
    hours = WeeklyHours({day: [TimeRange(dt.time(0), dt.time(4))] for day in range(7)})
    rules = SlotRules(45, 2)
    slots = compute_slots(hours, rules, now=paris(2026, 3, 29, 0, 0), zone=PARIS, days=1)
    assert local_times(slots) == ["00:00", "00:45", "01:30"]  # 03:45 would end after 04:00
    assert_slot_properties(slots, hours, rules, paris(2026, 3, 29, 0, 0))


def test_a_slot_never_ends_after_a_closing_time_the_clocks_jump_over():
    # The shop closes at 2:30, which does not exist that night: 01:00–03:00 CEST would end after it.
    hours = WeeklyHours({day: [TimeRange(dt.time(0), dt.time(2, 30))] for day in range(7)})
    slots = compute_slots(hours, SlotRules(60, 2), now=paris(2026, 3, 29, 0, 0), zone=PARIS, days=1)
    assert local_times(slots) == ["00:00"]


@settings(max_examples=150, deadline=None)
@given(
    week=st.lists(ranges_strategy, min_size=7, max_size=7),
    now=st.one_of(anytime, near_clock_change),
    slot_minutes=st.sampled_from([10, 15, 20, 30, 45, 60, 90]),
    lead_minutes=st.integers(0, 48 * 60),
    capacity=st.integers(1, 10),
    closure_offset=st.integers(0, 6),
)
def test_every_slot_is_inside_opening_hours_after_lead_time(
    week, now, slot_minutes, lead_minutes, capacity, closure_offset
):
    closed_day = now.astimezone(PARIS).date() + dt.timedelta(days=closure_offset)
    hours = WeeklyHours(
        {day: to_ranges(pairs) for day, pairs in enumerate(week)},
        [ClosurePeriod(closed_day, closed_day, "Fermé")],
    )
    rules = SlotRules(slot_minutes, capacity, lead_minutes)
    slots = compute_slots(hours, rules, now=now, zone=PARIS)
    for slot in slots:
        local_start = slot.start.astimezone(PARIS)
        assert local_start.date() != closed_day
        containing = [r for r in hours.ranges_on(local_start.date()) if r.contains(local_start.time())]
        closes = local_datetime(local_start.date(), containing[0].closes_minutes, PARIS)
        assert utc(slot.end) <= utc(closes)
        assert slot.remaining == capacity and not slot.is_full
    assert_slot_properties(slots, hours, rules, now)


@settings(max_examples=200, deadline=None)
@given(
    night=night_ranges,
    now=near_clock_change,
    slot_minutes=slot_lengths,
    lead_minutes=st.integers(0, 6 * 60),
    closure_offset=st.none() | st.integers(0, 6),
)
def test_slots_across_a_clock_change_keep_their_length_and_never_overlap(
    night, now, slot_minutes, lead_minutes, closure_offset
):
    closures = []
    if closure_offset is not None:
        closed_day = now.astimezone(PARIS).date() + dt.timedelta(days=closure_offset)
        closures = [ClosurePeriod(closed_day, closed_day, "Inventaire")]
    hours = WeeklyHours({day: to_ranges(night) for day in range(7)}, closures)
    rules = SlotRules(slot_minutes, 2, lead_minutes)
    slots = compute_slots(hours, rules, now=now, zone=PARIS)
    assert_slot_properties(slots, hours, rules, now)


@settings(max_examples=100, deadline=None)
@given(
    night=night_ranges,
    now=st.one_of(anytime, near_clock_change),
    slot_minutes=slot_lengths,
    capacity=st.integers(1, 5),
    picks=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 7), st.booleans()), max_size=30),
)
def test_a_slot_is_full_exactly_when_its_bookings_reach_capacity(night, now, slot_minutes, capacity, picks):
    hours = WeeklyHours({day: to_ranges(night) for day in range(7)})
    rules = SlotRules(slot_minutes, capacity)
    offered = compute_slots(hours, rules, now=now, zone=PARIS)
    # Bookings are stored by start instant: given in Paris time or in UTC, they count the same.
    bookings = {}
    for index, count, in_utc in picks if offered else []:
        start = offered[index % len(offered)].start
        bookings[utc(start) if in_utc else start] = count
    booked = {utc(start): count for start, count in bookings.items()}
    slots = compute_slots(hours, rules, now=now, zone=PARIS, bookings=bookings)
    assert [slot.start for slot in slots] == [slot.start for slot in offered]
    for slot in slots:
        count = booked.get(utc(slot.start), 0)
        assert slot.booked == count
        assert slot.is_full == (count >= capacity)
        assert slot.remaining == max(capacity - count, 0)


# --- Pickup at a market stall: the held sessions' hours, beside the shop's own


MARKET_ID = 7
SATURDAY_28 = dt.date(2026, 11, 28)
SATURDAY_MARKET = MarketSession(MARKET_ID, SATURDAY_28, dt.time(8), dt.time(12), "Marché du samedi, Halle")


def test_a_stallholder_also_offers_its_stall_during_market_hours_on_session_days():
    slots = compute_slots(
        BAKERY,
        SlotRules(60, capacity=2),
        now=paris(2026, 11, 27, 20),
        zone=PARIS,
        days=2,
        market_sessions=[SATURDAY_MARKET],
    )
    stall = [s for s in slots if s.at_market]
    assert local_times(stall) == ["08:00", "09:00", "10:00", "11:00"]
    assert {(s.market_id, s.place) for s in stall} == {(MARKET_ID, "Marché du samedi, Halle")}
    assert all(s.start.astimezone(PARIS).date() == SATURDAY_28 for s in stall)
    # The shop still offers its own times that Saturday, and none of them is at the market.
    shop = [s for s in slots if not s.at_market and s.start.astimezone(PARIS).date() == SATURDAY_28]
    assert local_times(shop)[:2] == ["07:00", "08:00"] and all(s.place == "" for s in shop)
    # A choice names its place: the same time at the shop and at the stall are two different slots.
    eight = paris(2026, 11, 28, 8)
    assert find_slot(slots, eight, MARKET_ID).at_market
    assert not find_slot(slots, eight).at_market
    assert find_slot(slots, eight, MARKET_ID + 1) is None


def test_stall_and_shop_slots_starting_together_share_the_shop_capacity():
    eight = paris(2026, 11, 28, 8)
    slots = compute_slots(
        BAKERY,
        SlotRules(60, capacity=2),
        now=paris(2026, 11, 27, 20),
        zone=PARIS,
        days=2,
        bookings={eight: 2},
        market_sessions=[SATURDAY_MARKET],
    )
    assert find_slot(slots, eight, MARKET_ID).is_full and find_slot(slots, eight).is_full


def test_no_stall_slot_on_a_day_the_shop_is_closed():
    hours = WeeklyHours(BAKERY.ranges, [ClosurePeriod(SATURDAY_28, SATURDAY_28, "Congés")])
    slots = compute_slots(
        hours,
        SlotRules(60, 2),
        now=paris(2026, 11, 27, 20),
        zone=PARIS,
        days=2,
        market_sessions=[SATURDAY_MARKET],
    )
    assert not [s for s in slots if s.start.astimezone(PARIS).date() == SATURDAY_28]


@settings(max_examples=150, deadline=None)
@given(
    now=st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2027, 12, 31)),
    weekday=st.integers(0, 6),
    hours=st.tuples(st.integers(10, 40), st.integers(1, 16)),  # opens at half-hour 10–40, for 1–16 halves
    breaks=st.lists(st.tuples(st.integers(-10, 20), st.integers(0, 14)), max_size=2),
    cancelled=st.lists(st.integers(0, 3), max_size=2),
    slot_minutes=st.sampled_from([15, 20, 30, 45, 60]),
    lead_minutes=st.integers(0, 3 * 24 * 60),
    shop_open=st.booleans(),
)
def test_no_stall_slot_outside_a_held_session(
    now, weekday, hours, breaks, cancelled, slot_minutes, lead_minutes, shop_open
):
    """Whatever the breaks and cancellations, stall slots fall inside a held session's hours."""
    now = now.replace(tzinfo=dt.UTC)
    today = now.astimezone(PARIS).date()
    first_session = today + dt.timedelta(days=(weekday - today.weekday()) % 7)
    opens_half, length = hours
    opens = dt.time(opens_half // 2, 30 * (opens_half % 2))
    closes_half = min(opens_half + length, 47)
    closes = dt.time(closes_half // 2, 30 * (closes_half % 2))
    break_periods = [
        (today + dt.timedelta(days=start), today + dt.timedelta(days=start + days)) for start, days in breaks
    ]
    cancellations = {first_session + dt.timedelta(weeks=week): "Tempête" for week in cancelled}
    sessions = [
        MarketSession(MARKET_ID, day, opens, closes, "Marché")
        for day in held_session_dates(
            weekday=weekday,
            first_day=today,
            days=DEFAULT_DAYS,
            breaks=break_periods,
            cancellations=cancellations,
        )
    ]
    slots = compute_slots(
        BAKERY if shop_open else WeeklyHours({}),
        SlotRules(slot_minutes, 3, lead_minutes),
        now=now,
        zone=PARIS,
        market_sessions=sessions,
    )
    for slot in slots:
        if not slot.at_market:
            continue
        local_start = slot.start.astimezone(PARIS)
        day = local_start.date()
        assert day.weekday() == weekday
        assert today <= day < today + dt.timedelta(days=DEFAULT_DAYS)
        assert not any(start <= day <= end for start, end in break_periods), f"{day} is in a break"
        assert day not in cancellations, f"{day} is cancelled"
        assert opens <= local_start.time()
        assert utc(slot.end) <= utc(local_datetime(day, closes.hour * 60 + closes.minute, PARIS))
        assert slot.start >= now + dt.timedelta(minutes=lead_minutes)
        assert utc(slot.end) - utc(slot.start) == dt.timedelta(minutes=slot_minutes)


@given(horizon=st.integers(min_value=1, max_value=60), later=st.integers(min_value=0, max_value=70))
@settings(max_examples=30)
def test_no_slot_is_offered_beyond_the_shops_horizon(horizon: int, later: int) -> None:
    """A shop's horizon (Partner.slot_horizon_days) counts from today, also when a later day is asked."""
    now = paris(2026, 11, 24, 6, 0)
    week = WeeklyHours(BAKERY.ranges, horizon_days=horizon)
    today = now.date()
    slots = compute_slots(week, SlotRules(30, 4, 0), now=now, zone=PARIS, days=DEFAULT_DAYS)
    days = {slot.start.astimezone(PARIS).date() for slot in slots}
    assert max(days) < today + dt.timedelta(days=horizon)
    one_day = today + dt.timedelta(days=later)
    asked = compute_slots(week, SlotRules(30, 4, 0), now=now, zone=PARIS, days=1, first_day=one_day)
    assert bool(asked) == (later < horizon and bool(BAKERY.ranges_on(one_day)))
