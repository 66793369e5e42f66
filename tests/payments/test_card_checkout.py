"""Paying a multi-shop checkout by card, as a resident does it, against the Stripe stub.

Stripe.js cannot load here: `pay_in_browser` plays its part (confirming the intent with a test
card, and the bank's authentication page); everything on our side goes through the views.
"""

import datetime as dt
from decimal import Decimal

import time_machine
from django.urls import reverse
from django.utils import timezone

from orders.models import Checkout, OutboxMessage, SlotBooking, Status
from payments.models import Payment
from payments.tasks import payments_expire_unpaid_task
from tests.payments.shopping import NOW, checkout_data, fill_basket, pay_in_browser
from townhall.gift_vouchers.services import vouchers_issue


def place_by_card(client, town) -> Checkout:
    fill_basket(client, town)
    response = client.post(reverse("checkout:index"), checkout_data(town))
    checkout = Checkout.objects.get()
    assert response.url == reverse("payments:pay", kwargs={"token": checkout.tracking_token})
    return checkout


def statuses(checkout: Checkout) -> set[str]:
    return set(checkout.orders.values_list("status", flat=True))


def test_without_keys_card_is_hidden_with_a_reason_and_pay_at_pickup_places_at_once(client, town):
    fill_basket(client, town)
    page = client.get(reverse("checkout:index")).content.decode()
    assert "has not set up online payment" in page
    assert 'name="payment-method"' not in page

    client.post(reverse("checkout:index"), checkout_data(town, payment=None))

    checkout = Checkout.objects.get()
    assert statuses(checkout) == {Status.PLACED}
    assert not Payment.objects.exists()


def test_with_keys_the_resident_chooses_card_or_pay_at_pickup(client, town, stripe_stub):
    fill_basket(client, town)
    page = client.get(reverse("checkout:index")).content.decode()
    assert "Card, online now" in page and "At the shop, when I collect" in page

    client.post(reverse("checkout:index"), checkout_data(town, payment="pickup"))

    assert statuses(Checkout.objects.get()) == {Status.PLACED}
    assert not stripe_stub.requests


def test_a_shop_asking_for_card_hides_pay_at_pickup_and_says_why(client, town, stripe_stub):
    cheese = town["cheese"][0]
    cheese.accepts_pay_at_pickup = False
    cheese.save()
    fill_basket(client, town)
    page = client.get(reverse("checkout:index")).content.decode()
    assert "At the shop, when I collect" not in page
    assert "Fromagerie Rieussec asks for payment online" in page

    response = client.post(reverse("checkout:index"), checkout_data(town, payment="pickup"))

    assert response.status_code == 200 and not Checkout.objects.exists()


def test_delivery_must_be_paid_by_card(client, town, stripe_stub):
    fill_basket(client, town, "baker", "cheese", "florist")
    response = client.post(reverse("checkout:index"), checkout_data(town, payment="pickup", delivery=True))

    assert "Delivery is paid by card online" in response.content.decode()
    assert not Checkout.objects.exists()


def test_card_checkout_makes_one_intent_holds_stock_and_places_once_paid(client, town, stripe_stub):
    checkout = place_by_card(client, town)

    # Waiting for the card: nothing reaches the shops yet, stock and slots are held.
    assert statuses(checkout) == {Status.PENDING_PAYMENT}
    assert not OutboxMessage.objects.exists()
    assert town["cheese"][1].stockrecords.get().num_allocated == 1
    assert SlotBooking.objects.filter(booked=1).count() == 2
    page = client.get(reverse("payments:pay", kwargs={"token": checkout.tracking_token})).content.decode()
    payment = Payment.objects.get()
    assert payment.client_secret in page and "pk_test_stub" in page and "6.20" in page
    numbers = ",".join(checkout.orders.order_by("number").values_list("number", flat=True))
    intent = stripe_stub.intents[payment.intent_id]
    assert intent["amount"] == 620 and intent["currency"] == "eur"
    assert intent["transfer_group"] == checkout.reference
    assert intent["metadata"] == {"checkout": checkout.reference, "orders": numbers}
    # The basket is set aside while paying.
    assert client.get(reverse("basket:summary")).context["basket"].is_empty

    assert pay_in_browser(stripe_stub, payment.intent_id, "pm_card_visa") == "succeeded"
    response = client.get(reverse("payments:return", kwargs={"token": checkout.tracking_token}), follow=True)

    assert response.redirect_chain[-1][0] == reverse("order:track", kwargs={"token": checkout.tracking_token})
    assert "Your payment went through" in response.content.decode()
    assert statuses(checkout) == {Status.PLACED}
    # Now the resident and each shop are told.
    assert OutboxMessage.objects.count() >= 1
    payment.refresh_from_db()
    assert payment.state == Payment.State.SUCCEEDED


def test_a_double_submit_makes_one_intent_and_one_set_of_orders(client, town, stripe_stub):
    checkout = place_by_card(client, town)
    client.get(reverse("payments:pay", kwargs={"token": checkout.tracking_token}))

    again = client.post(reverse("checkout:index"), checkout_data(town))
    client.get(reverse("payments:pay", kwargs={"token": checkout.tracking_token}))

    assert again.url == reverse("payments:pay", kwargs={"token": checkout.tracking_token})
    assert Checkout.objects.count() == 1 and checkout.orders.count() == 2
    assert len(stripe_stub.intents) == 1


def test_a_lost_answer_from_stripe_does_not_make_a_second_intent(client, town, stripe_stub):
    """The intent is created with the checkout's reference as idempotency key: a retry gets the same."""
    checkout = place_by_card(client, town)
    client.get(reverse("payments:pay", kwargs={"token": checkout.tracking_token}))
    first = Payment.objects.get().intent_id
    Payment.objects.update(intent_id=None, client_secret="")  # as if Stripe's answer never came back

    client.get(reverse("payments:pay", kwargs={"token": checkout.tracking_token}))

    assert Payment.objects.get().intent_id == first
    assert len(stripe_stub.intents) == 1
    assert len(stripe_stub.calls("POST", "/v1/payment_intents")) == 2


def test_a_declined_card_keeps_the_order_and_a_retry_pays(client, town, stripe_stub):
    checkout = place_by_card(client, town)
    client.get(reverse("payments:pay", kwargs={"token": checkout.tracking_token}))
    intent_id = Payment.objects.get().intent_id

    pay_in_browser(stripe_stub, intent_id, "pm_card_chargeDeclined")
    response = client.get(reverse("payments:return", kwargs={"token": checkout.tracking_token}), follow=True)

    assert response.redirect_chain[-1][0] == reverse(
        "payments:pay", kwargs={"token": checkout.tracking_token}
    )
    assert "Your card was declined." in response.content.decode()
    assert statuses(checkout) == {Status.PENDING_PAYMENT}

    pay_in_browser(stripe_stub, intent_id, "pm_card_visa")
    client.get(reverse("payments:return", kwargs={"token": checkout.tracking_token}))

    assert statuses(checkout) == {Status.PLACED}
    assert len(stripe_stub.intents) == 1


def test_strong_authentication_failed_then_passed(client, town, stripe_stub):
    checkout = place_by_card(client, town)
    client.get(reverse("payments:pay", kwargs={"token": checkout.tracking_token}))
    intent_id = Payment.objects.get().intent_id
    back = reverse("payments:return", kwargs={"token": checkout.tracking_token})

    assert pay_in_browser(stripe_stub, intent_id, "pm_card_authenticationRequired") == "requires_action"
    assert "Your bank asks you to confirm" in client.get(back, follow=True).content.decode()
    stripe_stub.authenticate(intent_id, passed=False)
    page = client.get(back, follow=True).content.decode()
    assert "We are unable to authenticate your payment method" in page
    assert statuses(checkout) == {Status.PENDING_PAYMENT}

    pay_in_browser(stripe_stub, intent_id, "pm_card_authenticationRequired")
    stripe_stub.authenticate(intent_id, passed=True)
    client.get(back)

    assert statuses(checkout) == {Status.PLACED}


def test_giving_up_cancels_the_orders_and_gives_the_basket_back(client, town, stripe_stub):
    checkout = place_by_card(client, town)
    client.get(reverse("payments:pay", kwargs={"token": checkout.tracking_token}))

    response = client.post(
        reverse("payments:abandon", kwargs={"token": checkout.tracking_token}), follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("basket:summary")
    assert response.context["basket"].num_items == 2
    assert statuses(checkout) == {Status.CANCELLED}
    assert town["cheese"][1].stockrecords.get().num_allocated == 0
    assert not SlotBooking.objects.filter(booked__gt=0).exists()
    assert stripe_stub.intents[Payment.objects.get().intent_id]["status"] == "canceled"


def test_unpaid_checkouts_are_released_after_the_hold_but_paid_ones_are_placed(client, town, stripe_stub):
    unpaid = place_by_card(client, town)
    client.get(reverse("payments:pay", kwargs={"token": unpaid.tracking_token}))
    client.cookies.clear()
    fill_basket(client, town, "baker")
    client.post(reverse("checkout:index"), checkout_data(town) | {f"shop-{town['cheese'][0].pk}-method": ""})
    paid = Checkout.objects.exclude(pk=unpaid.pk).get()
    client.get(reverse("payments:pay", kwargs={"token": paid.tracking_token}))
    # Paid in the browser, but the resident closed the tab and Stripe's webhook has not arrived.
    pay_in_browser(stripe_stub, Payment.objects.get(checkout=paid).intent_id, "pm_card_visa")

    with time_machine.travel(NOW + dt.timedelta(minutes=29)):
        assert payments_expire_unpaid_task.delay().get() == 0
    with time_machine.travel(NOW + dt.timedelta(minutes=31)):
        assert payments_expire_unpaid_task.delay().get() == 1

    assert statuses(unpaid) == {Status.CANCELLED}
    assert statuses(paid) == {Status.PLACED}
    assert town["cheese"][1].stockrecords.get().num_allocated == 0
    assert town["baker"][1].stockrecords.get().num_allocated == 1
    assert Payment.objects.get(checkout=unpaid).state == Payment.State.EXPIRED
    assert Payment.objects.get(checkout=paid).amount == Decimal("1.30")


def test_gift_vouchers_paying_the_products_leave_the_delivery_fee_to_pay_by_card(client, town, stripe_stub):
    florist = town["florist"][0]
    florist.delivery_fee = Decimal("4.00")
    florist.save()
    vouchers_issue(
        name="Chèque cadeau",
        amount=Decimal("100.00"),
        count=1,
        start=timezone.now() - dt.timedelta(days=1),
        end=timezone.now() + dt.timedelta(days=30),
        code="NOEL-2026",
    )
    fill_basket(client, town, "baker", "cheese", "florist")
    client.post(reverse("basket:vouchers-add"), {"code": "NOEL-2026"})
    page = client.get(reverse("checkout:index")).content.decode()
    assert "Nothing left to pay" in page and 'name="payment-method"' not in page
    assert "If you choose delivery, its fee is paid by card online" in page

    response = client.post(reverse("checkout:index"), checkout_data(town, payment=None, delivery=True))

    checkout = Checkout.objects.get()
    assert response.url == reverse("payments:pay", kwargs={"token": checkout.tracking_token})
    assert Payment.objects.get().amount == Decimal("4.00")
