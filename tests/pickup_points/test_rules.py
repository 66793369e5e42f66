"""The pickup point's pure rules: who may choose it, the drop-off deadline, when all has arrived."""

import datetime as dt
from zoneinfo import ZoneInfo

from orders.pickup_point_rules import dropoff_deadline, everything_arrived, point_offered

PARIS = ZoneInfo("Europe/Paris")


def test_offered_only_to_baskets_of_several_shops_that_all_opted_in():
    assert point_offered(shops_opted_in=[True, True])
    assert not point_offered(shops_opted_in=[True])  # one shop: collect at that shop
    assert not point_offered(shops_opted_in=[True, False, True])
    assert not point_offered(shops_opted_in=[])


def test_deadline_is_the_margin_before_the_slot_in_local_time():
    slot = dt.datetime(2026, 11, 24, 17, 0, tzinfo=PARIS)
    assert dropoff_deadline(slot, margin_minutes=60) == dt.datetime(2026, 11, 24, 16, 0, tzinfo=PARIS)


def test_deadline_across_the_clock_change_is_an_hour_of_real_time():
    # 29 March 2026: clocks go from 2:00 to 3:00, so an hour before 3:30 is 1:30 on the wall clock.
    slot = dt.datetime(2026, 3, 29, 3, 30, tzinfo=PARIS)
    deadline = dropoff_deadline(slot, margin_minutes=60)
    assert slot.astimezone(dt.UTC) - deadline.astimezone(dt.UTC) == dt.timedelta(hours=1)
    assert (deadline.hour, deadline.minute) == (1, 30)


def test_everything_arrived_ignores_cancelled_orders_but_needs_one():
    def arrived(*statuses):
        return everything_arrived(statuses, dropped="Dropped", cancelled="Cancelled")

    assert arrived("Dropped", "Dropped")
    assert arrived("Dropped", "Cancelled")
    assert not arrived("Dropped", "Accepted")
    assert not arrived("Cancelled", "Cancelled")
