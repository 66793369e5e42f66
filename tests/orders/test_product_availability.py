"""A product's own availability enforced at placement: preparation time, days, order window, daily cap.

The slot picker offers only what every product allows (tests/checkout/test_product_availability.py);
a tampered or stale choice is refused here, naming the product and when it can be had.
"""

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, connections
from oscar.core.loading import get_class, get_model

from orders import services
from orders.exceptions import PlacementError, SlotUnavailable
from orders.models import Fulfilment, Order
from orders.placement import Contact, FulfilmentChoice, checkout_place, shop_slots
from shops.availability import ProductRules
from shops.factories import ProductFactory, ShopFactory
from shops.models import ProductDayCount, ProductDetails
from shops.product_details import Availability

Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")
PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=PARIS)  # a Tuesday; shops open Mon–Sat 8–13, 15–19:30
CONTACT = Contact(email="camille@example.com", phone="06 12 34 56 78")


@pytest.fixture(autouse=True)
def _tuesday_morning():
    with time_machine.travel(NOW, tick=False):
        yield


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=PARIS)


def basket_with(*items) -> Basket:
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for product, quantity in items:
        basket.add_product(product, quantity)
    return basket


def place(shop, start, *items):
    return checkout_place(
        basket=basket_with(*items),
        choices={shop.pk: FulfilmentChoice(method=Fulfilment.PICKUP, slot_start=start)},
        contact=CONTACT,
        user=None,
    )


def product(shop, title, stock=1000, **details):
    made = ProductFactory(shop=shop, title=title, stock=stock)
    ProductDetails.objects.create(product=made, **details)
    return made


@pytest.mark.django_db
def test_a_cake_needing_48_hours_is_refused_before_then_naming_it_and_placed_after():
    baker = ShopFactory(name="Fournil")
    cake = product(baker, "Fraisier", preparation_hours=48)
    bread = ProductFactory(shop=baker, title="Baguette")

    with pytest.raises(SlotUnavailable) as refused:
        place(
            baker, at(25, 16), (cake, 1), (bread, 1)
        )  # tampered: the page offered nothing before Thursday 9:00
    assert "“Fraisier” must be ordered 48 hours ahead" in refused.value.message
    assert "Thursday 26 November 09:00" in refused.value.message
    assert Order.objects.count() == 0

    order = place(baker, at(26, 9), (cake, 1), (bread, 1)).orders.get()
    assert order.slot_start == at(26, 9)


@pytest.mark.django_db
def test_the_slots_of_a_shops_part_respect_every_product_in_it():
    baker = ShopFactory(name="Fournil")
    cake = product(baker, "Fraisier", preparation_hours=48)
    brioche = product(baker, "Brioche du samedi", weekdays="5")
    rules = [ProductRules(title="Fraisier", availability=Availability(preparation_hours=48))]
    assert min(slot.start for slot in shop_slots(baker, now=NOW, products=rules)) == at(26, 9)
    saturday_only = [ProductRules(availability=Availability(weekdays="5"))]
    days = {
        slot.start.astimezone(PARIS).date() for slot in shop_slots(baker, now=NOW, products=saturday_only)
    }
    assert days == {dt.date(2026, 11, 28), dt.date(2026, 12, 5)}  # the shop's 14-day horizon
    assert cake and brioche


@pytest.mark.django_db
def test_a_saturdays_only_product_is_refused_for_a_friday_with_the_next_saturday():
    baker = ShopFactory(name="Fournil")
    brioche = product(baker, "Brioche du samedi", weekdays="5")
    with pytest.raises(SlotUnavailable) as refused:
        place(baker, at(27, 16), (brioche, 1))
    assert refused.value.message == (
        "“Brioche du samedi” is not sold for Friday 27 November: it can be had from Saturday 28 November."
    )
    assert place(baker, at(28, 10), (brioche, 1)).orders.count() == 1


@pytest.mark.django_db
def test_a_christmas_log_is_taken_only_for_its_pre_order_window():
    baker = ShopFactory(name="Fournil", slot_horizon_days=60)
    log = product(baker, "Bûche", preorder_from=dt.date(2026, 12, 20), preorder_until=dt.date(2026, 12, 24))
    with pytest.raises(SlotUnavailable, match="can be had from Monday 21 December"):  # the 20th is a Sunday
        place(baker, dt.datetime(2026, 12, 19, 10, tzinfo=PARIS), (log, 1))
    assert place(baker, dt.datetime(2026, 12, 24, 10, tzinfo=PARIS), (log, 1)).orders.count() == 1


@pytest.mark.django_db
def test_the_61st_croissant_of_a_60_a_day_cap_is_refused_and_the_next_day_is_fresh():
    baker = ShopFactory(name="Fournil", slot_capacity=100)
    croissant = product(baker, "Croissant", daily_cap=60)
    place(baker, at(24, 16), (croissant, 40))
    place(baker, at(24, 17), (croissant, 20))

    with pytest.raises(PlacementError) as refused:
        place(baker, at(24, 18), (croissant, 1))
    assert (
        refused.value.message == "“Croissant” is sold out for Tuesday 24 November: please choose another day."
    )
    with pytest.raises(PlacementError, match="Only 0|sold out"):
        place(baker, at(24, 18), (croissant, 1))
    assert ProductDayCount.objects.get(product=croissant, day=dt.date(2026, 11, 24)).ordered == 60
    assert place(baker, at(25, 9), (croissant, 60)).orders.count() == 1  # a new day, a new batch


@pytest.mark.django_db
def test_a_cap_says_how_many_are_left_and_a_cancelled_order_gives_them_back():
    baker = ShopFactory(name="Fournil", slot_capacity=100)
    croissant = product(baker, "Croissant", daily_cap=60)
    order = place(baker, at(24, 16), (croissant, 55)).orders.get()
    with pytest.raises(PlacementError) as refused:
        place(baker, at(24, 17), (croissant, 6))
    assert refused.value.message.startswith("Only 5 more “Croissant” can be ordered for Tuesday 24 November")
    assert Order.objects.count() == 1

    services.order_cancel(order=order, reason="Changed my mind", actor=None)
    assert ProductDayCount.objects.get(product=croissant).ordered == 0
    assert place(baker, at(24, 17), (croissant, 60)).orders.count() == 1


RESIDENTS = 20


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row-level concurrency is tested on PostgreSQL (CI)"
)
@pytest.mark.django_db(transaction=True)
def test_twenty_residents_racing_for_the_last_croissants_of_the_day_never_pass_the_cap():
    baker = ShopFactory(name="Fournil", slot_capacity=100)
    croissant = product(baker, "Croissant", stock=1000, daily_cap=60)
    place(baker, at(24, 16), (croissant, 50))
    baskets = [basket_with((croissant, 1)) for _ in range(RESIDENTS)]
    start_together = threading.Barrier(RESIDENTS)
    placed, refused = [], []

    def resident(basket):
        try:
            start_together.wait()
            basket.strategy = Selector().strategy()
            placed.append(
                checkout_place(
                    basket=basket,
                    choices={baker.pk: FulfilmentChoice(method=Fulfilment.PICKUP, slot_start=at(24, 17))},
                    contact=CONTACT,
                    user=None,
                )
            )
        except PlacementError as error:
            refused.append(error.message)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=resident, args=(basket,)) for basket in baskets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(placed) == 10 and len(refused) == 10
    assert all("Croissant" in message for message in refused)
    assert ProductDayCount.objects.get(product=croissant).ordered == 60
    assert Order.objects.count() == 11
