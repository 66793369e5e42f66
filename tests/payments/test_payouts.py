"""Payouts: Stripe Connect transfers to linked shops, and the town hall's settlement CSV for the others."""

import csv
import io

import pytest
from django.urls import reverse

from marketplace.roles import ensure_town_hall_group
from orders.models import Checkout
from orders.services import order_accept, order_collect, order_deliver, order_mark_ready, order_send_out
from payments.models import Payment, Transfer
from payments.services import order_transfer
from shops.factories import UserFactory, make_merchant
from tests.payments.shopping import checkout_data, fill_basket, pay_in_browser


@pytest.fixture
def merchant(town):
    return make_merchant(town["cheese"][0], email="fromagerie@example.com")


def paid_checkout(client, town, stub, **data) -> Checkout:
    fill_basket(client, town, "baker", "cheese", "florist")
    client.post(reverse("checkout:index"), checkout_data(town, delivery=True, **data))
    checkout = Checkout.objects.get()
    if Payment.objects.exists():
        client.get(reverse("payments:pay", kwargs={"token": checkout.tracking_token}))
        pay_in_browser(stub, Payment.objects.get().intent_id, "pm_card_visa")
        client.get(reverse("payments:return", kwargs={"token": checkout.tracking_token}))
    return checkout


def collect(order, merchant) -> None:
    order_accept(order=order)
    order_mark_ready(order=order)
    order_collect(order=order, typed_code=order.pickup_code, checker_key=str(merchant.pk))


def test_a_merchant_links_their_shop_through_stripe_onboarding(client, town, stripe_stub, merchant):
    client.force_login(merchant)
    page = client.get(reverse("dashboard:shop-profile")).content.decode()
    assert "Link my shop to Stripe" in page

    response = client.post(reverse("payments:connect"))

    shop = town["cheese"][0]
    shop.refresh_from_db()
    assert shop.stripe_account_id in stripe_stub.accounts
    assert stripe_stub.accounts[shop.stripe_account_id]["type"] == "express"
    assert response.url == f"https://connect.stripe.com/setup/e/{shop.stripe_account_id}/stub"
    # Coming back to finish later reuses the same account.
    client.post(reverse("payments:connect"))
    assert len(stripe_stub.accounts) == 1


def test_without_keys_my_shop_has_no_stripe_section(client, town, merchant):
    client.force_login(merchant)
    assert "Link my shop to Stripe" not in client.get(reverse("dashboard:shop-profile")).content.decode()


def test_a_collected_or_delivered_order_pays_its_shop_once(
    client, town, stripe_stub, merchant, django_capture_on_commit_callbacks
):
    client.force_login(merchant)
    client.post(reverse("payments:connect"))
    client.logout()
    florist = town["florist"][0]
    florist.stripe_account_id = "acct_florist"
    florist.save()
    stripe_stub.accounts["acct_florist"] = {"id": "acct_florist"}
    checkout = paid_checkout(client, town, stripe_stub)
    cheese_order = checkout.orders.get(shop=town["cheese"][0])
    florist_order = checkout.orders.get(shop=florist)
    baker_order = checkout.orders.get(shop=town["baker"][0])

    with django_capture_on_commit_callbacks(execute=True):
        collect(cheese_order, merchant)
        order_accept(order=florist_order)
        order_send_out(order=florist_order)
        order_deliver(order=florist_order)
        collect(baker_order, merchant)  # no Stripe account: nothing sent

    transfers = sorted(stripe_stub.transfers.values(), key=lambda transfer: transfer["amount"])
    assert [(t["amount"], t["transfer_group"]) for t in transfers] == [
        (490, checkout.reference),
        (2500, checkout.reference),
    ]
    assert (
        transfers[0]["destination"]
        == town["cheese"][0].__class__.objects.get(pk=town["cheese"][0].pk).stripe_account_id
    )
    assert order_transfer(order_id=cheese_order.pk) is None  # a retry sends nothing more
    assert Transfer.objects.count() == 2


def test_the_town_commission_is_kept(
    client, town, stripe_stub, merchant, settings, django_capture_on_commit_callbacks
):
    settings.PAYMENT_TOWN_COMMISSION_PERCENT = 10
    client.force_login(merchant)
    client.post(reverse("payments:connect"))
    client.logout()
    checkout = paid_checkout(client, town, stripe_stub)

    with django_capture_on_commit_callbacks(execute=True):
        collect(checkout.orders.get(shop=town["cheese"][0]), merchant)

    assert [transfer["amount"] for transfer in stripe_stub.transfers.values()] == [441]


def test_pay_at_pickup_orders_send_no_transfer(
    client, town, stripe_stub, merchant, django_capture_on_commit_callbacks
):
    client.force_login(merchant)
    client.post(reverse("payments:connect"))
    client.logout()
    fill_basket(client, town)
    client.post(reverse("checkout:index"), checkout_data(town, payment="pickup"))

    with django_capture_on_commit_callbacks(execute=True):
        collect(Checkout.objects.get().orders.get(shop=town["cheese"][0]), merchant)

    assert not stripe_stub.transfers


def test_the_town_hall_settles_shops_without_a_stripe_account_from_a_csv(
    client, town, stripe_stub, merchant, django_capture_on_commit_callbacks
):
    checkout = paid_checkout(client, town, stripe_stub)
    with django_capture_on_commit_callbacks(execute=True):
        collect(checkout.orders.get(shop=town["cheese"][0]), merchant)
    mairie = UserFactory(email="mairie@example.com", is_staff=True)
    mairie.groups.add(ensure_town_hall_group())

    client.force_login(merchant)
    assert client.get(reverse("payments:settlement")).status_code == 403
    client.force_login(mairie)
    response = client.get(reverse("payments:settlement"))

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    cheese_order = checkout.orders.get(shop=town["cheese"][0])
    assert rows[1] == [
        "Fromagerie Rieussec",
        cheese_order.number,
        checkout.reference,
        "2026-11-24",
        "4.90",
        "0.00",
        "0.00",
        "4.90",
    ]
    assert len(rows) == 2  # orders not handed over yet are not due
