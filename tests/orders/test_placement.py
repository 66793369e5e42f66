"""Placing a checkout: one order per shop, all or nothing, and no overselling under concurrency."""

import datetime as dt
import threading
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, connections
from oscar.core.loading import get_class, get_model

from orders.exceptions import OutOfStock, PlacementError, SlotUnavailable
from orders.models import Fulfilment, Order, SlotBooking, Status
from orders.placement import Contact, DeliveryAddress, FulfilmentChoice, checkout_place
from shops.factories import ProductFactory, ShopFactory
from shops.models import Partner

Basket = get_model("basket", "Basket")
StockRecord = get_model("partner", "StockRecord")
Selector = get_class("partner.strategy", "Selector")
PARIS = ZoneInfo("Europe/Paris")
# A Tuesday morning: the factory shops open Monday to Saturday, 8:00–13:00 and 15:00–19:30.
NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=PARIS)
AFTERNOON = dt.datetime(2026, 11, 24, 16, 0, tzinfo=PARIS)
CONTACT = Contact(email="camille@example.com", phone="06 12 34 56 78")


@pytest.fixture(autouse=True)
def _tuesday_morning():
    with time_machine.travel(NOW, tick=False):
        yield


def basket_with(*items) -> Basket:
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for product, quantity in items:
        basket.add_product(product, quantity)
    return basket


def pickup(start=AFTERNOON) -> FulfilmentChoice:
    return FulfilmentChoice(method=Fulfilment.PICKUP, slot_start=start)


HOME = DeliveryAddress(line1="12 rue Rieussec", postcode="78220", city="Viroflay")
# Delivery windows of two hours from opening time: 15:00–17:00 is the first of the afternoon.
WINDOW = dt.datetime(2026, 11, 24, 15, 0, tzinfo=PARIS)


def delivery(start=WINDOW, address=HOME) -> FulfilmentChoice:
    return FulfilmentChoice(method=Fulfilment.DELIVERY, slot_start=start, address=address)


def allocated(product) -> int:
    return StockRecord.objects.get(product=product).num_allocated or 0


@pytest.mark.django_db
def test_a_three_shop_basket_becomes_three_orders_tied_by_one_checkout():
    baker, cheese, florist = ShopFactory(), ShopFactory(), ShopFactory(offers_delivery=True)
    bread, comte, roses = (ProductFactory(shop=s, stock=10) for s in (baker, cheese, florist))
    basket = basket_with((bread, 2), (comte, 1), (roses, 3))

    checkout = checkout_place(
        basket=basket,
        choices={
            baker.pk: pickup(),
            cheese.pk: pickup(AFTERNOON + dt.timedelta(minutes=30)),
            florist.pk: delivery(),
        },
        contact=CONTACT,
        user=None,
    )

    orders = {order.shop: order for order in checkout.orders.all()}
    assert set(orders) == {baker, cheese, florist}
    assert len({order.number for order in orders.values()}) == 3
    assert orders[baker].slot_start == AFTERNOON and len(orders[baker].pickup_code) == 6
    assert orders[florist].fulfilment == Fulfilment.DELIVERY and len(orders[florist].pickup_code) == 6
    assert orders[florist].slot_start == WINDOW and orders[florist].shipping_address.postcode == "78220"
    assert all(order.status == Status.PLACED for order in orders.values())
    assert [line.product for line in orders[baker].lines.all()] == [bread]
    assert orders[baker].total_incl_tax == 2 * bread.stockrecords.get().price
    assert allocated(bread) == 2 and allocated(roses) == 3
    assert SlotBooking.objects.get(shop=baker, start=AFTERNOON).booked == 1
    assert Basket.objects.get(pk=basket.pk).status == Basket.SUBMITTED


def assert_nothing_placed(*products):
    assert Order.objects.count() == 0
    assert all(allocated(product) == 0 for product in products)
    assert not SlotBooking.objects.filter(booked__gt=0).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "slot_start, message",
    [
        (dt.datetime(2026, 11, 24, 16, 10, tzinfo=PARIS), "no longer available"),  # tampered: off the grid
        (dt.datetime(2026, 11, 24, 14, 0, tzinfo=PARIS), "no longer available"),  # lunch break
        (dt.datetime(2026, 11, 24, 8, 30, tzinfo=PARIS), "no longer available"),  # in the past
        (dt.datetime(2026, 11, 24, 9, 30, tzinfo=PARIS), "no longer available"),  # before the lead time
        (None, "no longer available"),
    ],
)
def test_a_slot_the_shop_does_not_offer_is_refused_and_nothing_is_placed(slot_start, message):
    baker, cheese = ShopFactory(name="Fournil"), ShopFactory()
    bread, comte = ProductFactory(shop=baker), ProductFactory(shop=cheese)
    basket = basket_with((bread, 1), (comte, 1))
    with pytest.raises(SlotUnavailable, match=message) as refused:
        checkout_place(
            basket=basket,
            choices={baker.pk: pickup(), cheese.pk: pickup(slot_start)},
            contact=CONTACT,
            user=None,
        )
    assert refused.value.shop_id == cheese.pk
    assert_nothing_placed(bread, comte)


@pytest.mark.django_db
def test_a_full_slot_is_refused_naming_the_shop():
    baker = ShopFactory(name="Fournil", slot_capacity=1)
    SlotBooking.objects.create(shop=baker, start=AFTERNOON, booked=1)
    bread = ProductFactory(shop=baker)
    with pytest.raises(SlotUnavailable, match="Fournil.*full"):
        checkout_place(
            basket=basket_with((bread, 1)), choices={baker.pk: pickup()}, contact=CONTACT, user=None
        )
    assert Order.objects.count() == 0


@pytest.mark.django_db
def test_quantity_above_stock_names_the_item_and_places_nothing():
    baker, cheese = ShopFactory(), ShopFactory()
    bread = ProductFactory(shop=baker, stock=10)
    comte = ProductFactory(shop=cheese, title="Comté 18 mois", stock=2)
    basket = basket_with((bread, 1), (comte, 1))
    StockRecord.objects.filter(product=comte).update(num_allocated=1)  # someone else bought one meanwhile
    basket.lines.filter(product=comte).update(quantity=2)
    with pytest.raises(OutOfStock, match="Only 1 left of “Comté 18 mois”"):
        checkout_place(
            basket=_reload(basket),
            choices={baker.pk: pickup(), cheese.pk: pickup()},
            contact=CONTACT,
            user=None,
        )
    assert Order.objects.count() == 0 and allocated(bread) == 0 and allocated(comte) == 1


def _reload(basket: Basket) -> Basket:
    fresh = Basket.objects.get(pk=basket.pk)
    fresh.strategy = Selector().strategy()
    return fresh


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change, message",
    [
        ({"approval": "suspended"}, "not selling on the marketplace"),
        ({"temporarily_closed": True}, "temporarily closed"),
        ({"offers_click_collect": False}, "does not offer click & collect"),
    ],
)
def test_a_shop_that_stopped_selling_during_checkout_is_refused(change, message):
    baker = ShopFactory(name="Fournil")
    bread = ProductFactory(shop=baker)
    basket = basket_with((bread, 1))
    type(baker).objects.filter(pk=baker.pk).update(**change)
    with pytest.raises(PlacementError, match=message):
        checkout_place(basket=basket, choices={baker.pk: pickup()}, contact=CONTACT, user=None)
    assert_nothing_placed(bread)


@pytest.mark.django_db
def test_delivery_is_refused_where_the_shop_does_not_deliver():
    baker = ShopFactory(name="Fournil", offers_delivery=False)
    bread = ProductFactory(shop=baker)
    with pytest.raises(PlacementError, match="does not deliver"):
        checkout_place(
            basket=basket_with((bread, 1)),
            choices={baker.pk: delivery()},
            contact=CONTACT,
            user=None,
        )


RESIDENTS = 20


def place_concurrently(make_choice, product, shop) -> tuple[list, list]:
    """Each resident places their own basket in their own thread and database connection."""
    baskets = [basket_with((product, 1)) for _ in range(RESIDENTS)]
    start_together = threading.Barrier(RESIDENTS)
    placed, refused = [], []

    def resident(basket):
        try:
            start_together.wait()
            basket.strategy = Selector().strategy()
            placed.append(
                checkout_place(basket=basket, choices={shop.pk: make_choice()}, contact=CONTACT, user=None)
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
    return placed, refused


needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row-level concurrency is tested on PostgreSQL (CI)"
)


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_residents_racing_for_five_loaves_and_three_places():
    baker = ShopFactory(name="Fournil", slot_capacity=3)
    bread = ProductFactory(shop=baker, title="Baguette tradition", stock=5)

    placed, refused = place_concurrently(pickup, bread, baker)

    assert len(placed) == 3 and len(refused) == RESIDENTS - 3
    assert all("Fournil" in message for message in refused)
    record = StockRecord.objects.get(product=bread)
    assert record.num_allocated == 3 <= record.num_in_stock
    assert SlotBooking.objects.get(shop=baker, start=AFTERNOON).booked == 3
    assert Order.objects.count() == 3


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_residents_racing_for_five_loaves_in_roomy_slots():
    baker = ShopFactory(name="Fournil", slot_capacity=100)
    bread = ProductFactory(shop=baker, title="Baguette tradition", stock=5)

    placed, refused = place_concurrently(pickup, bread, baker)

    assert len(placed) == 5 and len(refused) == RESIDENTS - 5
    assert all("Baguette tradition" in message for message in refused)
    record = StockRecord.objects.get(product=bread)
    assert record.num_allocated == 5 == record.num_in_stock
    assert Order.objects.count() == 5


@pytest.mark.django_db
def test_delivery_charges_the_fee_below_the_threshold_and_waives_it_above():
    florist = ShopFactory(
        offers_delivery=True, delivery_fee=Decimal("4.00"), delivery_free_from=Decimal("30")
    )
    small = ProductFactory(shop=florist, price=Decimal("10.00"))
    big = ProductFactory(shop=florist, price=Decimal("35.00"))
    charged = checkout_place(
        basket=basket_with((small, 1)), choices={florist.pk: delivery()}, contact=CONTACT, user=None
    ).orders.get()
    free = checkout_place(
        basket=basket_with((big, 1)),
        choices={florist.pk: delivery(WINDOW + dt.timedelta(hours=2))},
        contact=CONTACT,
        user=None,
    ).orders.get()
    assert (charged.shipping_incl_tax, charged.total_incl_tax) == (Decimal("4.00"), Decimal("14.00"))
    assert (free.shipping_incl_tax, free.total_incl_tax) == (Decimal("0.00"), Decimal("35.00"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "choice, message",
    [
        (delivery(address=DeliveryAddress("1 rue de Rivoli", "75001", "Paris")), "does not deliver to 75001"),
        (
            delivery(start=dt.datetime(2026, 11, 24, 16, 0, tzinfo=PARIS)),
            "no longer available",
        ),  # off the grid
        (delivery(start=None), "no longer available"),
    ],
)
def test_delivery_outside_the_zone_or_window_is_refused(choice, message):
    florist = ShopFactory(name="Fleurs de Jouy", offers_delivery=True)
    roses = ProductFactory(shop=florist, price=Decimal("20.00"))
    with pytest.raises(PlacementError, match=message):
        checkout_place(
            basket=basket_with((roses, 1)), choices={florist.pk: choice}, contact=CONTACT, user=None
        )
    assert_nothing_placed(roses)


@pytest.mark.django_db
def test_delivery_below_the_minimum_order_is_refused_saying_the_minimum():
    florist = ShopFactory(name="Fleurs de Jouy", offers_delivery=True, delivery_minimum=Decimal("25"))
    roses = ProductFactory(shop=florist, price=Decimal("20.00"))
    with pytest.raises(PlacementError, match=r"delivers orders from \S*25"):
        checkout_place(
            basket=basket_with((roses, 1)), choices={florist.pk: delivery()}, contact=CONTACT, user=None
        )
    assert_nothing_placed(roses)


@pytest.mark.django_db
def test_a_delivery_window_holds_its_capacity_apart_from_pickup_slots():
    florist = ShopFactory(offers_delivery=True, delivery_capacity=1, slot_capacity=1)
    roses = ProductFactory(shop=florist, price=Decimal("20.00"))
    checkout_place(
        basket=basket_with((roses, 1)), choices={florist.pk: delivery()}, contact=CONTACT, user=None
    )
    checkout_place(
        basket=basket_with((roses, 1)), choices={florist.pk: pickup(WINDOW)}, contact=CONTACT, user=None
    )  # same start time, other kind: still free
    with pytest.raises(SlotUnavailable, match="full"):
        checkout_place(
            basket=basket_with((roses, 1)), choices={florist.pk: delivery()}, contact=CONTACT, user=None
        )


@pytest.mark.django_db
def test_a_slot_beyond_the_shops_horizon_is_refused():
    baker = ShopFactory(name="Fournil", slot_horizon_days=7)  # the shop takes orders a week ahead
    bread = ProductFactory(shop=baker)
    next_week = AFTERNOON + dt.timedelta(days=7)  # a Tuesday again, open, but not offered yet
    with pytest.raises(SlotUnavailable, match="no longer available"):
        checkout_place(
            basket=basket_with((bread, 1)), choices={baker.pk: pickup(next_week)}, contact=CONTACT, user=None
        )
    assert checkout_place(
        basket=basket_with((bread, 1)),
        choices={baker.pk: pickup(next_week - dt.timedelta(days=1))},
        contact=CONTACT,
        user=None,
    ).orders.exists()


@pytest.mark.django_db
def test_a_shop_takes_orders_two_weeks_ahead_by_default_and_up_to_its_horizon():
    baker = ShopFactory(name="Fournil")  # 14 days by default: a Christmas pre-order two weeks out
    bread = ProductFactory(shop=baker)
    saturday_week = AFTERNOON + dt.timedelta(days=11)  # day 11 of 0–13, open
    assert checkout_place(
        basket=basket_with((bread, 1)), choices={baker.pk: pickup(saturday_week)}, contact=CONTACT, user=None
    ).orders.exists()
    with pytest.raises(SlotUnavailable):
        checkout_place(
            basket=basket_with((bread, 1)),
            choices={baker.pk: pickup(AFTERNOON + dt.timedelta(days=14))},  # a Tuesday, open, day 15
            contact=CONTACT,
            user=None,
        )
    Partner.objects.filter(pk=baker.pk).update(slot_horizon_days=60)
    baker.refresh_from_db()
    assert checkout_place(
        basket=basket_with((bread, 1)),
        choices={baker.pk: pickup(AFTERNOON + dt.timedelta(days=59))},
        contact=CONTACT,
        user=None,
    ).orders.exists()
