"""Order services: handing over with the code, cancelling under the lock, signals after commit."""

import datetime as dt
import importlib
import itertools
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from oscar.core.loading import get_class, get_model

from orders import placement, services
from orders.exceptions import InvalidTransition, WrongPickupCode
from orders.models import Fulfilment, Order, Status
from orders.placement import Contact, DeliveryAddress, FulfilmentChoice, checkout_place
from orders.signals import order_transitioned
from shops.factories import ProductFactory, ShopFactory

Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")
PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=PARIS)  # a Tuesday morning
FOUR_PM = dt.datetime(2026, 11, 24, 16, 0, tzinfo=PARIS)
THREE_PM = dt.datetime(2026, 11, 24, 15, 0, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _tuesday_morning():
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def bread(db):
    return ProductFactory(shop=ShopFactory(offers_delivery=True), title="Baguette", stock=10)


def place(
    product, quantity: int = 1, *, method: str = Fulfilment.PICKUP, start: dt.datetime = FOUR_PM
) -> Order:
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    basket.add_product(product, quantity)
    address = None
    if method == Fulfilment.DELIVERY:
        address = DeliveryAddress("12 rue Rieussec", "78220", "Viroflay")
    checkout = checkout_place(
        basket=basket,
        choices={product.stockrecords.get().partner_id: FulfilmentChoice(method, start, address)},
        contact=Contact(email="camille@example.com"),
        user=None,
    )
    return checkout.orders.get()


def stock(product) -> tuple[int, int]:
    record = product.stockrecords.get()
    return record.num_in_stock, record.num_allocated


def test_a_delivery_is_handed_over_with_its_code_and_consumes_the_stock(bread):
    order = place(bread, 2, method=Fulfilment.DELIVERY, start=THREE_PM)
    services.order_accept(order=order)
    services.order_send_out(order=order)

    with pytest.raises(WrongPickupCode):
        services.order_deliver(order=order, typed_code="ZZZZZZ", checker_key="courier")
    assert stock(bread) == (10, 2)
    services.order_deliver(order=order, typed_code=order.pickup_code, checker_key="courier")

    order.refresh_from_db()
    assert order.status == Status.DELIVERED and stock(bread) == (8, 0)


def test_a_resident_cannot_cancel_an_order_the_shop_accepted_a_moment_earlier(bread):
    seen_by_the_resident = place(bread, 2)  # read as Placed by the resident's request…
    services.order_accept(order=Order.objects.get(pk=seen_by_the_resident.pk))  # …then the shop accepts

    with pytest.raises(InvalidTransition, match="already accepted"):
        services.order_cancel_by_resident(order=seen_by_the_resident, actor=None)

    seen_by_the_resident.refresh_from_db()
    assert seen_by_the_resident.status == Status.ACCEPTED and stock(bread) == (10, 2)


def test_a_resident_cancels_a_placed_order(bread):
    order = place(bread, 2)
    services.order_cancel_by_resident(order=order, actor=None)
    order.refresh_from_db()
    assert (order.status, order.cancellation_reason) == (Status.CANCELLED, "Cancelled by the customer")
    assert stock(bread) == (10, 0)


@pytest.mark.django_db(transaction=True)
def test_the_transition_signal_is_sent_only_once_the_change_is_committed():
    bread = ProductFactory(shop=ShopFactory(), stock=10)
    order = place(bread)
    received = []

    def receiver(sender, order, old_status, new_status, **kwargs) -> None:
        received.append((order.pk, old_status, new_status))

    order_transitioned.connect(receiver)
    try:
        with transaction.atomic():
            services.order_accept(order=order)
            assert received == []
        assert received == [(order.pk, Status.PLACED, Status.ACCEPTED)]
    finally:
        order_transitioned.disconnect(receiver)


def test_a_new_code_is_never_one_an_open_order_of_the_same_shop_holds(bread, monkeypatch):
    held_open = place(bread)
    ended = place(bread, start=FOUR_PM + dt.timedelta(minutes=30))
    services.order_cancel(order=ended, reason="Fermé", actor=None)
    elsewhere = place(ProductFactory(shop=ShopFactory(), stock=5))
    drawn = itertools.chain([held_open.pickup_code, ended.pickup_code], itertools.repeat("ZZZ222"))
    monkeypatch.setattr(placement, "new_pickup_code", lambda: next(drawn))

    again = place(bread, start=FOUR_PM + dt.timedelta(hours=1))
    monkeypatch.setattr(placement, "new_pickup_code", lambda: elsewhere.pickup_code)
    shared = place(bread, method=Fulfilment.DELIVERY, start=THREE_PM)

    assert again.pickup_code == ended.pickup_code  # a cancelled order's code is free again
    assert shared.pickup_code == elsewhere.pickup_code  # another shop's code is no concern


def test_open_deliveries_placed_before_delivery_codes_get_one(bread):
    waiting = place(bread, method=Fulfilment.DELIVERY, start=THREE_PM)
    delivered = place(bread, method=Fulfilment.DELIVERY, start=THREE_PM)
    Order.objects.filter(pk=delivered.pk).update(status=Status.DELIVERED)
    Order.objects.filter(pk__in=[waiting.pk, delivered.pk]).update(pickup_code="")
    migration = importlib.import_module("orders.migrations.0033_delivery_codes")

    migration.give_open_deliveries_a_code(apps, None)

    waiting.refresh_from_db()
    delivered.refresh_from_db()
    assert len(waiting.pickup_code) == 6 and delivered.pickup_code == ""
