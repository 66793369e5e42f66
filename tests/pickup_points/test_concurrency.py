"""Pickup points under concurrency (PostgreSQL): a point's last place goes once, the last drop tells once."""

import threading

import pytest
from django.db import connection, connections

from orders import services
from orders.exceptions import PlacementError
from orders.models import Fulfilment, OutboxMessage, SlotBooking
from pickup_points.factories import PickupPointFactory
from tests.pickup_points.placing import FIVE_PM, place_at_point

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row-level concurrency is tested on PostgreSQL (CI)"
)
pytestmark = [needs_postgres, pytest.mark.django_db(transaction=True)]
RESIDENTS = 10


def together(count: int, work) -> None:
    """Run `work(index)` in `count` threads with their own connections, started at the same instant."""
    start = threading.Barrier(count)

    def run(index: int) -> None:
        try:
            start.wait()
            work(index)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)


def test_residents_racing_for_the_points_last_places(town):
    placed, refused = [], []

    def resident(_index: int) -> None:
        try:
            placed.append(place_at_point(town))
        except PlacementError as error:
            refused.append(error.message)

    together(RESIDENTS, resident)

    assert len(placed) == 2 and len(refused) == RESIDENTS - 2  # the factory point: two checkouts a slot
    assert all("Halle du marché" in message for message in refused)
    booking = SlotBooking.objects.get(shop=town["point"], fulfilment=Fulfilment.PICKUP_POINT, start=FIVE_PM)
    assert booking.booked == 2


def test_two_shops_dropping_at_the_same_instant_tell_the_resident_once(town):
    big_point = PickupPointFactory(name="Grande halle", slot_capacity=50)
    checkouts = [place_at_point({**town, "point": big_point}) for _ in range(5)]
    orders = [order for checkout in checkouts for order in checkout.orders.order_by("pk")]
    for order in orders:
        services.order_accept(order=order)

    together(len(orders), lambda index: services.order_mark_dropped(order=orders[index]))

    told = OutboxMessage.objects.filter(event="POINT_READY", channel=OutboxMessage.Channel.EMAIL)
    assert sorted(told.values_list("checkout_id", flat=True)) == sorted(c.pk for c in checkouts)
