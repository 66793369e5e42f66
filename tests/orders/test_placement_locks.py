"""Two checkouts choosing stall pickups at the same two markets in opposite basket order (PostgreSQL):
both are placed, one after the other, because every checkout locks the markets in primary-key order.

Locked in basket order (as before), each would hold one market and wait for the other: PostgreSQL's
deadlock detector would then fail one of them."""

import datetime as dt
import threading

import pytest
import time_machine
from django.db import connection, connections, transaction
from oscar.core.loading import get_class, get_model

from markets.models import Market
from orders.placement import Contact, FulfilmentChoice, checkout_place
from shops.factories import ProductFactory, ShopFactory
from tests.markets.test_stall_pickup import NOW, SATURDAY_NINE

Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")
SUNDAY_NINE = SATURDAY_NINE + dt.timedelta(days=1)

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL (CI)"),
    pytest.mark.django_db(transaction=True),
]


def test_two_checkouts_at_two_markets_in_opposite_order_are_both_placed():
    saturday = Market.objects.create(
        name="Samedi", place="Halle", weekday=5, opens=dt.time(8), closes=dt.time(12)
    )
    sunday = Market.objects.create(
        name="Dimanche", place="Église", weekday=6, opens=dt.time(8), closes=dt.time(12)
    )
    gardener, beekeeper = (
        ShopFactory(name=name, hours=False, offers_market_pickup=True, slot_minutes=60, slot_capacity=5)
        for name in ("Le Potager", "Le Rucher")
    )
    for market in (saturday, sunday):
        market.stallholders.add(gardener, beekeeper)
    products = {shop.pk: ProductFactory(shop=shop, stock=10) for shop in (gardener, beekeeper)}
    at = {saturday.pk: SATURDAY_NINE, sunday.pk: SUNDAY_NINE}
    # Basket order is shop order: the first checkout meets Saturday first, the second Sunday first.
    plans = [
        {gardener.pk: saturday.pk, beekeeper.pk: sunday.pk},
        {gardener.pk: sunday.pk, beekeeper.pk: saturday.pk},
    ]
    placed, failed = [], []
    holding, release = threading.Event(), threading.Event()

    def town_hall_holds_both_markets() -> None:
        # Both checkouts queue behind this lock, so they reach the markets at the same moment.
        try:
            with transaction.atomic():
                list(Market.objects.select_for_update().order_by("pk"))
                holding.set()
                release.wait(10)
        finally:
            connections.close_all()

    def checkout(plan: dict[int, int]) -> None:
        try:
            basket = Basket.objects.create()
            basket.strategy = Selector().strategy()
            for shop_id in plan:
                basket.add_product(products[shop_id], 1)
            choices = {
                shop_id: FulfilmentChoice(slot_start=at[market_id], market_id=market_id)
                for shop_id, market_id in plan.items()
            }
            placed.append(
                checkout_place(basket=basket, choices=choices, contact=Contact(email="a@b.fr"), user=None)
            )
        except Exception as error:  # noqa: BLE001 (a deadlock is what this test looks for)
            failed.append(error)
        finally:
            connections.close_all()

    with time_machine.travel(NOW, tick=False):
        holder = threading.Thread(target=town_hall_holds_both_markets)
        holder.start()
        assert holding.wait(10)
        residents = [threading.Thread(target=checkout, args=(plan,)) for plan in plans]
        for thread in residents:
            thread.start()
        threading.Event().wait(1)  # both now wait for their first market
        release.set()
        for thread in (holder, *residents):
            thread.join(30)

    assert failed == [] and len(placed) == 2
