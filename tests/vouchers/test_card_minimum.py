"""Less than Stripe's minimum card charge (0.50 €) left after gift vouchers: it is paid at the counter."""

import datetime as dt
from decimal import Decimal

import pytest
import stripe
from django.db import transaction
from django.urls import reverse
from oscar.core.loading import get_model

from orders.models import Checkout, Fulfilment, Order, Status
from orders.placement import DeliveryAddress, FulfilmentChoice, checkout_place
from payments.client import stripe_client
from payments.exceptions import CardMinimumUnmet
from payments.intents import payment_create
from payments.models import Payment
from shops.factories import ProductFactory, ShopFactory
from tests.vouchers.conftest import CONTACT, PARIS, basket_with, issue, one_shop_checkout

Basket = get_model("basket", "Basket")
VoucherApplication = get_model("voucher", "VoucherApplication")

pytestmark = pytest.mark.django_db


def test_the_stub_refuses_a_card_charge_below_the_minimum_as_stripe_does(stripe_stub):
    with pytest.raises(stripe.InvalidRequestError, match="at least"):
        stripe_client().v1.payment_intents.create(params={"amount": 30, "currency": "eur"})


def add_to_basket(client, product, code: str = "NOEL-2026") -> None:
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    client.post(reverse("basket:vouchers-add"), {"code": code})


def checkout(client, shop, payment: str):
    return client.post(reverse("checkout:index"), one_shop_checkout(shop, payment=payment))


def payment_choices(response) -> list[str]:
    return [value for value, _label in response.context["payment_form"].fields["method"].choices]


def test_thirty_cents_left_hide_the_card_with_the_reason_and_are_paid_at_pickup(client, stripe_stub):
    # A shop that otherwise wants card: 30 cents can only be taken at its counter.
    baker = ShopFactory(accepts_pay_at_pickup=False)
    issue("11.70")
    add_to_basket(client, ProductFactory(shop=baker, price="12.00"))

    page = client.get(reverse("checkout:index"))
    response = checkout(client, baker, "pickup")

    assert payment_choices(page) == ["pickup"]
    text = page.content.decode()
    assert "Card payment is not offered: the €0.30 left to pay after your gift vouchers is less than" in text
    assert "asks for payment online" not in text
    order = Order.objects.get()
    assert response.url == reverse("order:track", kwargs={"token": order.checkout.tracking_token})
    assert (order.status, order.total_incl_tax) == (Status.PLACED, Decimal("0.30"))
    assert not Payment.objects.exists() and not stripe_stub.intents


def test_a_card_forced_through_for_thirty_cents_is_refused_and_nothing_placed(client, stripe_stub):
    baker = ShopFactory()
    issue("11.70")
    add_to_basket(client, ProductFactory(shop=baker, price="12.00"))

    response = checkout(client, baker, "card")

    assert response.status_code == 200
    assert response.context["payment_form"].errors["method"]
    assert not Order.objects.exists() and not stripe_stub.intents
    assert not VoucherApplication.objects.exists()


def test_fifty_cents_left_can_still_be_paid_by_card(client, stripe_stub):
    baker = ShopFactory()
    issue("11.50")
    add_to_basket(client, ProductFactory(shop=baker, price="12.00"))

    assert payment_choices(client.get(reverse("checkout:index"))) == ["card", "pickup"]
    checkout(client, baker, "card")

    assert Payment.objects.get().amount == Decimal("0.50")


def test_a_delivery_fee_below_the_minimum_after_vouchers_is_refused_with_nothing_written(stripe_stub):
    # Vouchers pay products, not delivery: a 30-cent fee is all that is left, too little for a card.
    florist = ShopFactory(offers_delivery=True, delivery_fee=Decimal("0.30"), delivery_minimum=Decimal("0"))
    basket = basket_with((ProductFactory(shop=florist, price="12.00"), 1), vouchers=[issue("20.00")])
    delivery = FulfilmentChoice(
        method=Fulfilment.DELIVERY,
        slot_start=dt.datetime(2026, 11, 24, 15, 0, tzinfo=PARIS),
        address=DeliveryAddress(line1="12 rue Rieussec", postcode="78220", city="Viroflay"),
    )

    with pytest.raises(CardMinimumUnmet, match="€0.30 is left to pay"), transaction.atomic():
        placed = checkout_place(
            basket=basket,
            choices={florist.pk: delivery},
            contact=CONTACT,
            user=None,
            status=Status.PENDING_PAYMENT,
        )
        payment_create(checkout=placed, basket_id=basket.pk)

    assert not Checkout.objects.exists() and not Order.objects.exists() and not Payment.objects.exists()
    assert Basket.objects.get(pk=basket.pk).status == Basket.OPEN


def test_delivery_with_thirty_cents_left_says_to_collect_and_pay_at_the_shop(client, stripe_stub):
    florist = ShopFactory(offers_delivery=True, delivery_fee=Decimal("0"), delivery_minimum=Decimal("0"))
    issue("11.70")
    add_to_basket(client, ProductFactory(shop=florist, price="12.00"))

    response = client.post(
        reverse("checkout:index"), one_shop_checkout(florist, payment="pickup", delivery=True)
    )

    assert response.context["payment_form"].errors["method"] == [
        "€0.30 is left to pay: less than the €0.50 a card payment can take. You pay it at the shop when you "
        "collect: please choose pickup in store and payment at the shop."
    ]
    assert 'value="12 rue Rieussec"' in response.content.decode()  # what was typed stays
    assert not Order.objects.exists()
