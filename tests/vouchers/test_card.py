"""Gift vouchers with card payment on: the card is charged what the vouchers leave, or not at all."""

from decimal import Decimal

import pytest
from django.urls import reverse

from orders.models import Order, Status
from payments.models import Payment
from shops.factories import ProductFactory, ShopFactory
from tests.vouchers.conftest import issue, one_shop_checkout

pytestmark = pytest.mark.django_db


def checkout_by_card(client, shop, product, code: str):
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    client.post(reverse("basket:vouchers-add"), {"code": code})
    return client.post(reverse("checkout:index"), one_shop_checkout(shop, payment="card"))


def test_the_card_is_charged_what_the_voucher_leaves(client, stripe_stub):
    baker = ShopFactory()
    issue("5.00")

    response = checkout_by_card(client, baker, ProductFactory(shop=baker, price="12.00"), "NOEL-2026")

    payment = Payment.objects.get()
    assert response.url == reverse("payments:pay", kwargs={"token": payment.checkout.tracking_token})
    assert payment.amount == Decimal("7.00")
    client.get(response.url)
    payment.refresh_from_db()
    assert stripe_stub.intents[payment.intent_id]["amount"] == 700


def test_a_basket_paid_in_full_by_vouchers_is_placed_without_a_card_payment(client, stripe_stub):
    baker = ShopFactory()
    issue("20.00")

    response = checkout_by_card(client, baker, ProductFactory(shop=baker, price="12.00"), "NOEL-2026")

    order = Order.objects.get()
    assert response.url == reverse("order:track", kwargs={"token": order.checkout.tracking_token})
    assert (order.status, order.total_incl_tax) == (Status.PLACED, Decimal("0.00"))
    assert not Payment.objects.exists() and not stripe_stub.intents


def test_a_delivery_fee_left_after_the_vouchers_is_charged_to_the_card(client, stripe_stub):
    # Vouchers pay for products, not for the delivery: the resident still owes the fee.
    florist = ShopFactory(offers_delivery=True, delivery_fee=Decimal("4.00"), delivery_minimum=Decimal("0"))
    issue("20.00")
    roses = ProductFactory(shop=florist, price="12.00")
    client.post(reverse("basket:add", kwargs={"pk": roses.pk}), {"quantity": 1})
    client.post(reverse("basket:vouchers-add"), {"code": "NOEL-2026"})

    response = client.post(
        reverse("checkout:index"), one_shop_checkout(florist, payment="card", delivery=True)
    )

    order = Order.objects.get()
    assert (order.status, order.total_incl_tax) == (Status.PENDING_PAYMENT, Decimal("4.00"))
    payment = Payment.objects.get()
    assert response.url == reverse("payments:pay", kwargs={"token": payment.checkout.tracking_token})
    assert payment.amount == Decimal("4.00")
