"""Reminders, merchant alerts and automatic cancellations as time passes, DST weekend included."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from oscar.core.loading import get_class, get_model

from orders.events import Event
from orders.housekeeping import housekeeping_run
from orders.models import OutboxMessage, SlotBooking, Status
from orders.placement import Contact, FulfilmentChoice, checkout_place
from orders.services import order_accept, order_mark_ready
from shops.factories import ProductFactory, ShopFactory, make_merchant

Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")
PARIS = ZoneInfo("Europe/Paris")


def paris(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


def place_at(moment: dt.datetime, slot_start: dt.datetime, shop=None, product=None):
    shop = shop or ShopFactory(name="Fournil du Marché", email="fournil@example.com")
    product = product or ProductFactory(shop=shop, title="Baguette tradition")
    with time_machine.travel(moment, tick=False):
        basket = Basket.objects.create()
        basket.strategy = Selector().strategy()
        basket.add_product(product, 1)
        checkout = checkout_place(
            basket=basket,
            choices={shop.pk: FulfilmentChoice(slot_start=slot_start)},
            contact=Contact(email="camille@example.com", first_name="Camille"),
            user=None,
        )
    return checkout.orders.get()


def events(order) -> list[str]:
    return sorted(OutboxMessage.objects.filter(order=order).values_list("event", flat=True))


def run_at(moment: dt.datetime):
    with time_machine.travel(moment, tick=False):
        return housekeeping_run()


@pytest.mark.django_db
def test_an_afternoon_pickup_is_reminded_two_hours_before_once():
    order = place_at(paris(2026, 11, 24, 9), slot_start=paris(2026, 11, 24, 16))
    assert run_at(paris(2026, 11, 24, 13, 55))["pickup_reminders"] == 0
    assert run_at(paris(2026, 11, 24, 14, 0))["pickup_reminders"] == 1
    assert run_at(paris(2026, 11, 24, 14, 5))["pickup_reminders"] == 0
    assert events(order).count(Event.PICKUP_REMINDER) == 1


@pytest.mark.django_db
def test_the_town_sets_when_pickups_are_reminded(settings):
    settings.ORDERS_PICKUP_REMINDER_MORNING_AT = "08:00"
    settings.ORDERS_PICKUP_REMINDER_LEAD_MINUTES = 60
    shop = ShopFactory()
    morning = place_at(paris(2026, 11, 23, 18), slot_start=paris(2026, 11, 24, 10), shop=shop)
    afternoon = place_at(paris(2026, 11, 24, 9), slot_start=paris(2026, 11, 24, 16), shop=shop)
    assert run_at(paris(2026, 11, 24, 7, 55))["pickup_reminders"] == 0
    assert run_at(paris(2026, 11, 24, 8, 0))["pickup_reminders"] == 1
    assert run_at(paris(2026, 11, 24, 14, 55))["pickup_reminders"] == 0
    assert run_at(paris(2026, 11, 24, 15, 0))["pickup_reminders"] == 1
    assert Event.PICKUP_REMINDER in events(morning) and Event.PICKUP_REMINDER in events(afternoon)


@pytest.mark.django_db
def test_a_morning_pickup_on_the_sunday_clocks_go_back_is_reminded_at_half_past_seven():
    sunday_shop = ShopFactory(hours=[(dt.time(8), dt.time(13))])
    sunday_shop.opening_hours.create(weekday=6, opens=dt.time(8), closes=dt.time(13))
    order = place_at(paris(2026, 10, 24, 18), slot_start=paris(2026, 10, 25, 10), shop=sunday_shop)
    assert run_at(paris(2026, 10, 25, 7, 25))["pickup_reminders"] == 0
    assert run_at(paris(2026, 10, 25, 7, 30))["pickup_reminders"] == 1
    assert Event.PICKUP_REMINDER in events(order)


@pytest.mark.django_db
def test_an_uncollected_order_is_nudged_after_a_day_then_cancelled_after_three():
    order = place_at(paris(2026, 11, 24, 9), slot_start=paris(2026, 11, 24, 16))
    with time_machine.travel(paris(2026, 11, 24, 11), tick=False):
        order_accept(order=order)
        order_mark_ready(order=order)
    assert run_at(paris(2026, 11, 25, 16, 29))["uncollected_reminders"] == 0
    assert run_at(paris(2026, 11, 25, 16, 30))["uncollected_reminders"] == 1
    assert run_at(paris(2026, 11, 27, 16, 29))["cancelled_uncollected"] == 0
    assert run_at(paris(2026, 11, 27, 16, 30))["cancelled_uncollected"] == 1
    order.refresh_from_db()
    assert order.status == Status.CANCELLED and "3 days" in order.cancellation_reason
    assert order.lines.get().stockrecord.num_allocated == 0
    assert SlotBooking.objects.get(shop=order.shop).booked == 0
    assert Event.ORDER_CANCELLED in events(order) and Event.MERCHANT_ORDER_CANCELLED in events(order)


@pytest.mark.django_db
def test_each_shop_keeps_uncollected_orders_as_many_days_as_it_chose():
    patient = ShopFactory(name="Fromagerie Rieussec", uncollected_cancel_days=5)
    hasty = place_at(paris(2026, 11, 24, 9), slot_start=paris(2026, 11, 24, 16))  # the default, 3
    kept = place_at(paris(2026, 11, 24, 9), slot_start=paris(2026, 11, 24, 16), shop=patient)
    with time_machine.travel(paris(2026, 11, 24, 11), tick=False):
        for order in (hasty, kept):
            order_accept(order=order)
            order_mark_ready(order=order)
    assert run_at(paris(2026, 11, 27, 16, 30))["cancelled_uncollected"] == 1
    assert run_at(paris(2026, 11, 29, 16, 29))["cancelled_uncollected"] == 0
    assert run_at(paris(2026, 11, 29, 16, 30))["cancelled_uncollected"] == 1
    hasty.refresh_from_db()
    kept.refresh_from_db()
    assert "3 days" in hasty.cancellation_reason and "5 days" in kept.cancellation_reason


@pytest.mark.django_db
def test_a_merchant_is_alerted_after_thirty_open_minutes_then_the_order_is_cancelled():
    shop = ShopFactory(name="Fournil du Marché", email="fournil@example.com")
    make_merchant(shop)
    # Placed Saturday 20:00, after closing; the factory shop opens Monday to Saturday.
    order = place_at(paris(2026, 11, 28, 20), slot_start=paris(2026, 11, 30, 16), shop=shop)
    assert run_at(paris(2026, 11, 29, 12))["merchant_alerts"] == 0  # Sunday: closed, no open minute yet
    assert run_at(paris(2026, 11, 30, 8, 29))["merchant_alerts"] == 0
    assert run_at(paris(2026, 11, 30, 8, 30))["merchant_alerts"] == 1
    assert run_at(paris(2026, 11, 30, 19, 29))["cancelled_not_accepted"] == 0
    done = run_at(paris(2026, 11, 30, 19, 30))  # close of Monday, the next opening day
    assert done["cancelled_not_accepted"] == 1
    order.refresh_from_db()
    assert order.status == Status.CANCELLED and "could not accept" in order.cancellation_reason


@pytest.mark.django_db
def test_the_weekend_clocks_go_forward_an_unaccepted_order_is_chased_and_cancelled_on_local_time():
    shop = ShopFactory(name="Fournil du Marché", email="fournil@example.com")
    # Placed Saturday 28 March 2026 at 20:00; clocks go forward that night; closed on Sunday.
    order = place_at(paris(2026, 3, 28, 20), slot_start=paris(2026, 3, 31, 16), shop=shop)
    assert run_at(paris(2026, 3, 30, 8, 29))["merchant_alerts"] == 0
    assert run_at(paris(2026, 3, 30, 8, 30))["merchant_alerts"] == 1
    assert run_at(paris(2026, 3, 30, 19, 29))["cancelled_not_accepted"] == 0
    assert run_at(paris(2026, 3, 30, 19, 30))["cancelled_not_accepted"] == 1
    order.refresh_from_db()
    assert order.status == Status.CANCELLED


@pytest.mark.django_db
def test_the_weekend_clocks_go_back_an_uncollected_order_is_nudged_24_h_later_cancelled_on_local_time():
    order = place_at(paris(2026, 10, 23, 18), slot_start=paris(2026, 10, 24, 16))  # Saturday 16:00–16:30
    with time_machine.travel(paris(2026, 10, 24, 11), tick=False):
        order_accept(order=order)
        order_mark_ready(order=order)
    # 24 hours after 16:30 summer time is 15:30 winter time on the Sunday.
    assert run_at(paris(2026, 10, 25, 15, 29))["uncollected_reminders"] == 0
    assert run_at(paris(2026, 10, 25, 15, 30))["uncollected_reminders"] == 1
    # Three days later on the wall clock: Tuesday at 16:30.
    assert run_at(paris(2026, 10, 27, 16, 29))["cancelled_uncollected"] == 0
    assert run_at(paris(2026, 10, 27, 16, 30))["cancelled_uncollected"] == 1


@pytest.mark.django_db
def test_an_accepted_order_is_never_cancelled_for_waiting():
    order = place_at(paris(2026, 11, 24, 9), slot_start=paris(2026, 11, 26, 16))
    with time_machine.travel(paris(2026, 11, 24, 9, 10), tick=False):
        order_accept(order=order)
    run_at(paris(2026, 11, 26, 12))
    order.refresh_from_db()
    assert order.status == Status.ACCEPTED
