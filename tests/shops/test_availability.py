"""A product's own slot rules (shops.availability): pure functions, no database."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from shops.availability import (
    NOT_THAT_DAY,
    OUTSIDE_WINDOW,
    TOO_SOON,
    ProductRules,
    earliest_day,
    lead_minutes,
    slot_refusal,
    slots_for_products,
)
from shops.product_details import Availability

PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=PARIS)  # a Tuesday
CAKE = ProductRules(title="Fraisier", availability=Availability(preparation_hours=48))
SATURDAYS = ProductRules(title="Brioche", availability=Availability(weekdays="5"))
CHRISTMAS = ProductRules(
    title="Bûche",
    availability=Availability(preorder_from=dt.date(2026, 12, 20), preorder_until=dt.date(2026, 12, 24)),
)
BASKET = ProductRules(
    title="Panier",
    availability=Availability(preparation_hours=0),
    pickup_from=dt.datetime(2026, 11, 24, 17, tzinfo=PARIS),
    pickup_until=dt.datetime(2026, 11, 24, 19, tzinfo=PARIS),
)


@dataclass(frozen=True)
class FakeSlot:
    start: dt.datetime


def test_a_products_preparation_replaces_the_shops_and_the_slowest_product_wins():
    assert lead_minutes(60, []) == 60
    assert lead_minutes(60, [ProductRules()]) == 60
    assert lead_minutes(60, [ProductRules(), CAKE]) == 48 * 60
    assert lead_minutes(60, [BASKET]) == 0  # ready at once, even where the shop takes an hour


def test_a_cake_needing_48_hours_refuses_any_time_before_then():
    too_early = NOW + dt.timedelta(hours=47, minutes=59)
    assert slot_refusal(CAKE, start=too_early, now=NOW, shop_minutes=30, zone=PARIS) == TOO_SOON
    assert slot_refusal(CAKE, start=NOW + dt.timedelta(hours=48), now=NOW, shop_minutes=30, zone=PARIS) == ""


def test_saturdays_only_and_order_windows_refuse_other_days():
    saturday = dt.datetime(2026, 11, 28, 10, tzinfo=PARIS)
    assert slot_refusal(SATURDAYS, start=saturday, now=NOW, shop_minutes=30, zone=PARIS) == ""
    friday = saturday - dt.timedelta(days=1)
    assert slot_refusal(SATURDAYS, start=friday, now=NOW, shop_minutes=30, zone=PARIS) == NOT_THAT_DAY
    dec_19 = dt.datetime(2026, 12, 19, 10, tzinfo=PARIS)
    assert slot_refusal(CHRISTMAS, start=dec_19, now=NOW, shop_minutes=30, zone=PARIS) == NOT_THAT_DAY
    assert (
        slot_refusal(CHRISTMAS, start=dec_19 + dt.timedelta(days=1), now=NOW, shop_minutes=30, zone=PARIS)
        == ""
    )


def test_a_quick_offer_is_collected_inside_its_window_only():
    at = lambda h, m=0: dt.datetime(2026, 11, 24, h, m, tzinfo=PARIS)  # noqa: E731
    assert slot_refusal(BASKET, start=at(16, 30), now=NOW, shop_minutes=30, zone=PARIS) == OUTSIDE_WINDOW
    assert slot_refusal(BASKET, start=at(17), now=NOW, shop_minutes=30, zone=PARIS) == ""
    assert slot_refusal(BASKET, start=at(18, 30), now=NOW, shop_minutes=30, zone=PARIS) == ""
    assert slot_refusal(BASKET, start=at(19), now=NOW, shop_minutes=30, zone=PARIS) == OUTSIDE_WINDOW


def test_earliest_day_says_when_a_product_can_be_had():
    assert earliest_day(ProductRules(), now=NOW, shop_minutes=30, zone=PARIS) == NOW.date()
    assert earliest_day(CAKE, now=NOW, shop_minutes=30, zone=PARIS) == dt.date(2026, 11, 26)
    assert earliest_day(SATURDAYS, now=NOW, shop_minutes=30, zone=PARIS) == dt.date(2026, 11, 28)
    assert earliest_day(CHRISTMAS, now=NOW, shop_minutes=30, zone=PARIS) == dt.date(2026, 12, 20)
    gone = dt.datetime(2026, 11, 25, 9, tzinfo=PARIS)
    assert earliest_day(BASKET, now=gone, shop_minutes=30, zone=PARIS) is None
    assert (
        earliest_day(CHRISTMAS, now=dt.datetime(2026, 12, 25, tzinfo=PARIS), shop_minutes=0, zone=PARIS)
        is None
    )


hours_ahead = st.integers(min_value=0, max_value=24 * 20)


@given(
    starts=st.lists(hours_ahead, max_size=40),
    weekdays=st.sets(st.integers(0, 6), min_size=1),
    preparation=st.none() | st.integers(0, 24 * 14),
)
def test_every_slot_kept_is_one_each_product_allows_and_none_allowed_is_dropped(
    starts, weekdays, preparation
):
    rules = ProductRules(
        availability=Availability(weekdays="".join(map(str, sorted(weekdays))), preparation_hours=preparation)
    )
    slots = [FakeSlot(NOW + dt.timedelta(hours=hours)) for hours in starts]
    cut_off = NOW + dt.timedelta(minutes=lead_minutes(30, [rules]))
    kept = [s for s in slots_for_products(slots, [rules, SATURDAYS], zone=PARIS) if s.start >= cut_off]
    expected = [
        s
        for s in slots
        if not slot_refusal(rules, start=s.start, now=NOW, shop_minutes=30, zone=PARIS)
        and not slot_refusal(SATURDAYS, start=s.start, now=NOW, shop_minutes=30, zone=PARIS)
    ]
    assert kept == expected
    assert all(s.start.astimezone(PARIS).weekday() == 5 for s in kept)
