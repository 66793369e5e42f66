"""A single-use voucher cannot be spent twice, even by residents checking out at the same moment."""

import threading

import pytest
from django.db import connection, connections
from oscar.core.loading import get_class, get_model

from orders.exceptions import PlacementError
from orders.models import Order
from orders.placement import checkout_place
from shops.factories import ProductFactory, ShopFactory
from tests.vouchers.conftest import CONTACT, basket_with, issue, pickups

Basket = get_model("basket", "Basket")
OrderDiscount = get_model("order", "OrderDiscount")
Selector = get_class("partner.strategy", "Selector")
VoucherApplication = get_model("voucher", "VoucherApplication")

RESIDENTS = 10


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row-level concurrency is tested on PostgreSQL (CI)"
)
@pytest.mark.django_db(transaction=True)
def test_ten_residents_spending_the_same_voucher_at_once_get_it_once():
    baker = ShopFactory(name="Fournil", slot_capacity=100)
    cheese = ShopFactory(name="Fromagerie", slot_capacity=100)
    bread = ProductFactory(shop=baker, price="10.00", stock=100)
    comte = ProductFactory(shop=cheese, price="15.00", stock=100)
    voucher = issue("20.00")
    # Every basket was priced with the voucher before anyone placed: each shows the discount.
    baskets = [basket_with((bread, 1), (comte, 1), vouchers=[voucher]) for _ in range(RESIDENTS)]
    assert all(basket.total_incl_tax == 5 for basket in baskets)
    start_together = threading.Barrier(RESIDENTS)
    placed, refused = [], []

    def resident(basket):
        try:
            start_together.wait()
            placed.append(
                checkout_place(basket=basket, choices=pickups(baker, cheese), contact=CONTACT, user=None)
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

    assert len(placed) == 1
    assert refused == [
        "The gift voucher NOEL-2026 has already been used: please remove it from your basket."
    ] * (RESIDENTS - 1)
    # One checkout of two orders carries the 20 €, once; the others wrote nothing and keep their baskets.
    assert Order.objects.count() == 2
    assert sum(discount.amount for discount in OrderDiscount.objects.all()) == 20
    assert VoucherApplication.objects.filter(voucher=voucher).count() == 2
    assert Basket.objects.filter(status=Basket.OPEN).count() == RESIDENTS - 1
