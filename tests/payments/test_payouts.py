"""Payouts: Stripe Connect transfers to linked shops, and the town hall's settlement CSV for the others."""

import csv
import io
from decimal import Decimal

import pytest
import stripe
from django.urls import reverse

from core.roles import ensure_town_hall_group
from orders.models import Checkout
from orders.services import (
    order_accept,
    order_collect,
    order_deliver,
    order_line_mark_unavailable,
    order_mark_ready,
    order_send_out,
)
from payments.client import stripe_client
from payments.models import Payment, Refund, Transfer, TransferReversal
from payments.payouts import order_transfer, order_transfer_reverse
from payments.refunds import order_refund_due
from payments.tasks import STRIPE_RETRY, order_refund_due_task
from shops.factories import ProductFactory, UserFactory, make_merchant
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
    linked_cheese_shop(client, merchant)
    florist = linked_florist(town, stripe_stub)
    checkout = paid_checkout(client, town, stripe_stub)
    cheese_order = checkout.orders.get(shop=town["cheese"][0])
    florist_order = checkout.orders.get(shop=florist)
    baker_order = checkout.orders.get(shop=town["baker"][0])

    with django_capture_on_commit_callbacks(execute=True):
        collect(cheese_order, merchant)
        order_accept(order=florist_order)
        order_send_out(order=florist_order)
        order_deliver(order=florist_order, typed_code=florist_order.pickup_code, checker_key="test")
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
    linked_cheese_shop(client, merchant)
    checkout = paid_checkout(client, town, stripe_stub)

    with django_capture_on_commit_callbacks(execute=True):
        collect(checkout.orders.get(shop=town["cheese"][0]), merchant)

    assert [transfer["amount"] for transfer in stripe_stub.transfers.values()] == [441]


def test_a_refund_after_the_transfer_takes_the_refunded_share_back_from_the_shop(
    client, town, stripe_stub, merchant, settings, django_capture_on_commit_callbacks
):
    settings.PAYMENT_TOWN_COMMISSION_PERCENT = 10
    order = paid_florist_order_with_a_vase(client, town, stripe_stub)
    order_accept(order=order)
    # The vase is removed while Stripe is unreachable: its refund waits in the task queue...
    order_line_mark_unavailable(
        order=order, line_id=order.lines.get(title="Vase en grès").pk, reason="Broken", actor=merchant
    )
    assert not stripe_stub.refunds
    # ...and the order is delivered and paid out before the refund goes through.
    with django_capture_on_commit_callbacks(execute=True):
        order_send_out(order=order)
        order_deliver(order=order, typed_code=order.pickup_code, checker_key="test")
    transfer = Transfer.objects.get(order=order)
    assert stripe_stub.transfers[transfer.stripe_id]["amount"] == 3150  # 35.00 less 10 %

    with django_capture_on_commit_callbacks(execute=True):
        order_refund_due_task.delay(order.pk)

    assert [refund["amount"] for refund in stripe_stub.refunds.values()] == [1000]
    # The shop keeps 90 % of the 25.00 it supplied: 22.50 of the 31.50 it was sent.
    assert stripe_stub.transfers[transfer.stripe_id]["amount_reversed"] == 900
    reversal = TransferReversal.objects.get()
    assert (reversal.transfer, reversal.amount) == (transfer, Decimal("9.00"))
    calls = stripe_stub.calls("POST", f"/v1/transfers/{transfer.stripe_id}/reversals")
    assert calls == [{"amount": "900", "metadata": {"order": order.number}}]
    # Retried or repeated, nothing more is refunded nor taken back.
    assert order_refund_due(order_id=order.pk) is None
    assert order_transfer_reverse(order_id=order.pk) is None
    assert Refund.objects.count() == 1 and TransferReversal.objects.count() == 1


def test_transfers_and_reversals_wait_out_an_unreachable_stripe_and_go_through_once(
    client, town, stripe_stub, merchant, django_capture_on_commit_callbacks
):
    order = paid_florist_order_with_a_vase(client, town, stripe_stub)
    order_accept(order=order)
    order_line_mark_unavailable(
        order=order, line_id=order.lines.get(title="Vase en grès").pk, reason="Broken", actor=merchant
    )
    # Each task's first attempt meets Stripe down (the SDK's two retries included); the next gets through.
    stripe_stub.unreachable["/v1/transfers"] = 3
    with django_capture_on_commit_callbacks(execute=True):
        order_send_out(order=order)
        order_deliver(order=order, typed_code=order.pickup_code, checker_key="test")
    stripe_stub.unreachable["/v1/transfers"] = 3
    with django_capture_on_commit_callbacks(execute=True):
        order_refund_due_task.delay(order.pk)

    assert stripe_stub.unreachable == {"/v1/transfers": 0}  # every dropped request was tried
    [transfer] = stripe_stub.transfers.values()
    assert transfer["amount"] == 3500
    assert [reversal["amount"] for reversal in transfer["reversals"]["data"]] == [1000]
    assert Transfer.objects.count() == 1 and TransferReversal.objects.count() == 1


def test_a_refund_before_the_transfer_is_left_out_of_it(
    client, town, stripe_stub, merchant, django_capture_on_commit_callbacks
):
    order = paid_florist_order_with_a_vase(client, town, stripe_stub)

    with django_capture_on_commit_callbacks(execute=True):
        order_accept(order=order)
        order_line_mark_unavailable(
            order=order, line_id=order.lines.get(title="Vase en grès").pk, reason="Broken", actor=merchant
        )
        order_send_out(order=order)
        order_deliver(order=order, typed_code=order.pickup_code, checker_key="test")

    assert [transfer["amount"] for transfer in stripe_stub.transfers.values()] == [2500]
    assert not TransferReversal.objects.exists()


def test_pay_at_pickup_orders_send_no_transfer(
    client, town, stripe_stub, merchant, django_capture_on_commit_callbacks
):
    linked_cheese_shop(client, merchant)
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
        "Card online",
        "4.90",
        "0.00",
        "0.00",
        "4.90",
    ]
    assert len(rows) == 2  # orders not handed over yet are not due


def linked_cheese_shop(client, merchant) -> None:
    client.force_login(merchant)
    client.post(reverse("payments:connect"))
    client.logout()


def linked_florist(town, stub):
    """The florist, linked to its Stripe account as onboarding would leave it."""
    florist = town["florist"][0]
    florist.stripe_account_id = "acct_florist"
    florist.save()
    stub.accounts["acct_florist"] = {"id": "acct_florist"}
    return florist


def paid_florist_order_with_a_vase(client, town, stub):
    """The linked florist's order in a paid card checkout, a 10.00 vase added to its basket."""
    florist = linked_florist(town, stub)
    vase = ProductFactory(shop=florist, title="Vase en grès", price="10.00", stock=2)
    client.post(reverse("basket:add", kwargs={"pk": vase.pk}), {"quantity": 1})
    return paid_checkout(client, town, stub).orders.get(shop=florist)


def test_a_transfer_right_after_the_payment_is_paid_from_its_charge(
    client, town, stripe_stub, merchant, django_capture_on_commit_callbacks
):
    # The charge's funds are not available yet (the stub's balance is empty, as on a live account
    # the day of the payment): a transfer from the balance would be refused; one from the charge waits.
    linked_cheese_shop(client, merchant)
    checkout = paid_checkout(client, town, stripe_stub)

    with django_capture_on_commit_callbacks(execute=True):
        collect(checkout.orders.get(shop=town["cheese"][0]), merchant)

    [transfer] = stripe_stub.transfers.values()
    charge = stripe_stub.intents[Payment.objects.get().intent_id]["latest_charge"]
    assert (transfer["amount"], transfer["source_transaction"]) == (490, charge)
    assert Transfer.objects.get().stripe_id == transfer["id"]


def test_stripe_refuses_a_transfer_from_a_charge_it_cannot_come_from(client, town, stripe_stub):
    checkout = paid_checkout(client, town, stripe_stub)
    charge = stripe_stub.charges[stripe_stub.intents[Payment.objects.get().intent_id]["latest_charge"]]
    stripe_stub.accounts["acct_florist"] = {"id": "acct_florist"}
    transfer = {"currency": "eur", "destination": "acct_florist", "transfer_group": checkout.reference}

    refused = [
        {**transfer, "amount": 100, "source_transaction": "ch_unknown"},
        {**transfer, "amount": 100, "source_transaction": charge["id"], "transfer_group": "another-checkout"},
        {**transfer, "amount": charge["amount"] + 1, "source_transaction": charge["id"]},
    ]
    for params in refused:
        with pytest.raises(stripe.InvalidRequestError):
            stripe_client().v1.transfers.create(params=params)
    paid_from_charge = {**transfer, "source_transaction": charge["id"]}
    stripe_client().v1.transfers.create(params={**paid_from_charge, "amount": 100})
    with pytest.raises(stripe.InvalidRequestError, match="remainder"):  # 100 of it is gone
        stripe_client().v1.transfers.create(params={**paid_from_charge, "amount": charge["amount"] - 99})
    assert len(stripe_stub.transfers) == 1


def test_a_transfer_refused_for_lack_of_funds_is_tried_again_until_it_goes_through(
    client, town, stripe_stub, merchant, django_capture_on_commit_callbacks
):
    linked_cheese_shop(client, merchant)
    checkout = paid_checkout(client, town, stripe_stub)
    stripe_stub.funds_short = 2  # Stripe keeps each refusal under its idempotency key

    with django_capture_on_commit_callbacks(execute=True):
        collect(checkout.orders.get(shop=town["cheese"][0]), merchant)

    assert len(stripe_stub.calls("POST", "/v1/transfers")) == 3
    assert [transfer["amount"] for transfer in stripe_stub.transfers.values()] == [490]
    assert Transfer.objects.count() == 1


def test_a_transfer_short_of_funds_is_tried_a_bounded_number_of_times(
    client, town, stripe_stub, merchant, django_capture_on_commit_callbacks
):
    linked_cheese_shop(client, merchant)
    checkout = paid_checkout(client, town, stripe_stub)
    stripe_stub.funds_short = 100

    with django_capture_on_commit_callbacks(execute=True):
        collect(checkout.orders.get(shop=town["cheese"][0]), merchant)

    assert len(stripe_stub.calls("POST", "/v1/transfers")) == 1 + STRIPE_RETRY["max_retries"]
    assert not stripe_stub.transfers and not Transfer.objects.exists()
    # The town hall sees the stuck transfer, but is not told to pay it by hand as well.
    mairie = UserFactory(email="mairie@example.com", is_staff=True)
    mairie.groups.add(ensure_town_hall_group())
    client.force_login(mairie)
    [_header, row] = csv.reader(io.StringIO(client.get(reverse("payments:settlement")).content.decode()))
    assert row[4:] == ["Card online, Stripe transfer pending", "4.90", "0.00", "0.00", "0.00"]


@pytest.mark.parametrize(
    "who",
    [lambda shop: make_merchant(shop), lambda shop: UserFactory(), lambda shop: UserFactory(is_staff=True)],
    ids=["merchant", "resident", "staff outside the town hall"],
)
def test_only_the_town_hall_downloads_the_settlement_csv(client, town, who):
    client.force_login(who(town["cheese"][0]))

    response = client.get(reverse("payments:settlement"))

    assert response.status_code == 403 and "Fromagerie" not in response.content.decode()


def test_the_settlement_csv_asks_a_visitor_to_log_in_as_the_other_town_hall_pages_do(client, town):
    response = client.get(reverse("payments:settlement"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("dashboard:login"))
    gift_vouchers = client.get(reverse("dashboard:gift-voucher-report"))
    assert gift_vouchers.url.split("?")[0] == response.url.split("?")[0]
