"""Refunds: what a shop cancels or cannot supply goes back to the card, once, without the Stripe dashboard,
and the resident is told (tracking page, cancellation email and text); paid at pickup, nothing is owed."""

from decimal import Decimal

import pytest
from django.urls import reverse

from orders.models import Checkout, Status
from orders.services import order_accept, order_cancel, order_line_mark_unavailable
from payments.models import Payment, Refund
from payments.refunds import order_refund_due
from shops.factories import ProductFactory, UserFactory
from tests.payments.shopping import checkout_data, fill_basket, pay_in_browser


@pytest.fixture
def merchant(db):
    return UserFactory(email="merchant@example.com")


def checkout_by_card(client, town, stub, *, paid: bool = True) -> Checkout:
    fill_basket(client, town, "baker", "cheese", "florist")
    client.post(reverse("checkout:index"), checkout_data(town, delivery=True))
    checkout = Checkout.objects.get()
    client.get(reverse("payments:pay", kwargs={"token": checkout.tracking_token}))
    if paid:
        pay_in_browser(stub, Payment.objects.get().intent_id, "pm_card_visa")
        client.get(reverse("payments:return", kwargs={"token": checkout.tracking_token}))
    return checkout


def refunded_at_stripe(stub) -> list[int]:
    return [refund["amount"] for refund in stub.refunds.values()]


def test_a_cancelled_delivery_is_refunded_in_full_with_its_fee(
    client, town, stripe_stub, merchant, django_capture_on_commit_callbacks
):
    florist = town["florist"][0]
    florist.delivery_fee = Decimal("3.50")
    florist.save()
    checkout = checkout_by_card(client, town, stripe_stub)
    florist_order = checkout.orders.get(shop=florist)
    assert florist_order.total_incl_tax == Decimal("28.50")

    with django_capture_on_commit_callbacks(execute=True):
        order_cancel(order=florist_order, reason="Van broken down", actor=merchant)

    refund = Refund.objects.get()
    assert refund.amount == florist_order.total_incl_tax
    assert refunded_at_stripe(stripe_stub) == [int(florist_order.total_incl_tax * 100)]
    assert stripe_stub.calls("POST", "/v1/refunds")[0]["metadata"]["order"] == florist_order.number
    # A second run (task retried, hook fired twice) gives nothing more back.
    assert order_refund_due(order_id=florist_order.pk) is None
    assert len(stripe_stub.refunds) == 1


def test_an_unavailable_line_is_refunded_then_the_rest_on_cancellation(
    client, town, stripe_stub, merchant, django_capture_on_commit_callbacks
):
    croissant = ProductFactory(shop=town["baker"][0], title="Croissant", price="1.10", stock=10)
    client.post(reverse("basket:add", kwargs={"pk": croissant.pk}), {"quantity": 1})
    checkout = checkout_by_card(client, town, stripe_stub)
    baker_order = checkout.orders.get(shop=town["baker"][0])
    order_accept(order=baker_order)
    line = baker_order.lines.first()

    with django_capture_on_commit_callbacks(execute=True):
        order_line_mark_unavailable(order=baker_order, line_id=line.pk, reason="Sold out", actor=merchant)

    assert refunded_at_stripe(stripe_stub) == [int(line.line_price_incl_tax * 100)]

    with django_capture_on_commit_callbacks(execute=True):
        order_cancel(order=baker_order, reason="Oven broken", actor=merchant)

    assert sum(Refund.objects.values_list("amount", flat=True)) == Decimal("2.40")
    assert sum(refunded_at_stripe(stripe_stub)) == 240


def test_an_order_cancelled_while_the_card_was_being_paid_is_refunded_once_paid(
    client, town, stripe_stub, merchant, django_capture_on_commit_callbacks
):
    checkout = checkout_by_card(client, town, stripe_stub, paid=False)
    cheese_order = checkout.orders.get(shop=town["cheese"][0])
    with django_capture_on_commit_callbacks(execute=True):
        order_cancel(order=cheese_order, reason="Closed for a funeral", actor=merchant)
    assert not stripe_stub.refunds  # nothing was paid yet

    pay_in_browser(stripe_stub, Payment.objects.get().intent_id, "pm_card_visa")
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("payments:return", kwargs={"token": checkout.tracking_token}))

    assert refunded_at_stripe(stripe_stub) == [490]
    assert set(checkout.orders.exclude(pk=cheese_order.pk).values_list("status", flat=True)) == {
        Status.PLACED
    }


def test_pay_at_pickup_orders_are_cancelled_without_calling_stripe(
    client, town, stripe_stub, merchant, django_capture_on_commit_callbacks
):
    fill_basket(client, town)
    client.post(reverse("checkout:index"), checkout_data(town, payment="pickup"))
    order = Checkout.objects.get().orders.first()

    with django_capture_on_commit_callbacks(execute=True):
        order_cancel(order=order, reason="Sold out", actor=merchant)

    assert not stripe_stub.requests and not Refund.objects.exists()


REFUND_SENTENCE = (
    "%s is refunded to your card: expect it on your account within 5 to 10 working days, "
    "depending on your bank."
)


def test_the_resident_sees_the_refund_on_the_tracking_page_and_in_the_cancellation_messages(
    client, town, stripe_stub, merchant, mailoutbox, capsys, django_capture_on_commit_callbacks
):
    fill_basket(client, town, "baker", "cheese", "florist")
    client.post(reverse("checkout:index"), {**checkout_data(town, delivery=True), "sms_opt_in": "on"})
    checkout = Checkout.objects.get()
    client.get(reverse("payments:pay", kwargs={"token": checkout.tracking_token}))
    pay_in_browser(stripe_stub, Payment.objects.get().intent_id, "pm_card_visa")
    client.get(reverse("payments:return", kwargs={"token": checkout.tracking_token}))
    florist_order = checkout.orders.get(shop=town["florist"][0])
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        order_cancel(order=florist_order, reason="Van broken down", actor=merchant)

    sentence = REFUND_SENTENCE % "€25.00"
    page = client.get(reverse("order:track", kwargs={"token": checkout.tracking_token})).content.decode()
    assert sentence in page
    assert page.count("is refunded to your card") == 1  # the other shops' orders are untouched
    email = next(mail for mail in mailoutbox if "cancelled" in mail.subject)
    assert sentence in email.body
    assert sentence in email.alternatives[0][0]
    assert f"Fleurs de Jouy: your order is cancelled. Van broken down {sentence}" in capsys.readouterr().out


def test_an_unavailable_item_paid_by_card_shows_its_refund_on_the_tracking_page_and_by_email(
    client, town, stripe_stub, merchant, mailoutbox, django_capture_on_commit_callbacks
):
    croissant = ProductFactory(shop=town["baker"][0], title="Croissant", price="1.10", stock=10)
    client.post(reverse("basket:add", kwargs={"pk": croissant.pk}), {"quantity": 1})
    checkout = checkout_by_card(client, town, stripe_stub)
    baker_order = checkout.orders.get(shop=town["baker"][0])
    line = baker_order.lines.get(title="Croissant")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        order_line_mark_unavailable(order=baker_order, line_id=line.pk, reason="Sold out", actor=merchant)

    page = client.get(reverse("order:track", kwargs={"token": checkout.tracking_token})).content.decode()
    assert "Croissant — unavailable" in page
    assert REFUND_SENTENCE % "€1.10" in page
    [email] = mailoutbox
    assert email.subject == "Fournil du Marché cannot supply everything you ordered"
    assert "- 1 × Croissant\nNew total: €1.30" in email.body
    assert REFUND_SENTENCE % "€1.10" in email.body and REFUND_SENTENCE % "€1.10" in email.alternatives[0][0]


def test_a_pay_at_pickup_resident_is_told_nothing_is_owed(
    client, town, merchant, mailoutbox, django_capture_on_commit_callbacks
):
    croissant = ProductFactory(shop=town["baker"][0], title="Croissant", price="1.10", stock=10)
    client.post(reverse("basket:add", kwargs={"pk": croissant.pk}), {"quantity": 1})
    fill_basket(client, town)
    client.post(reverse("checkout:index"), checkout_data(town, payment=None))
    checkout = Checkout.objects.get()
    baker_order = checkout.orders.get(shop=town["baker"][0])
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        croissant_line = baker_order.lines.get(title="Croissant")
        order_line_mark_unavailable(
            order=baker_order, line_id=croissant_line.pk, reason="Sold out", actor=merchant
        )
        order_cancel(order=checkout.orders.get(shop=town["cheese"][0]), reason="Closed today", actor=merchant)

    page = client.get(reverse("order:track", kwargs={"token": checkout.tracking_token})).content.decode()
    assert "Nothing is owed for the removed items: you pay at the shop only for what you collect." in page
    assert "Nothing is owed: you were to pay at the shop." in page
    assert "refunded" not in page
    cancelled = next(mail for mail in mailoutbox if "cancelled" in mail.subject)
    assert "Nothing is owed: you were to pay at the shop." in cancelled.body
    trimmed = next(mail for mail in mailoutbox if "cannot supply" in mail.subject)
    assert "Nothing is owed for the removed items" in trimmed.body


def test_a_resident_who_asked_for_texts_is_told_by_text_of_an_unavailable_item(
    client, town, merchant, capsys, django_capture_on_commit_callbacks
):
    croissant = ProductFactory(shop=town["baker"][0], title="Croissant", price="1.10", stock=10)
    client.post(reverse("basket:add", kwargs={"pk": croissant.pk}), {"quantity": 1})
    fill_basket(client, town)
    client.post(reverse("checkout:index"), {**checkout_data(town, payment=None), "sms_opt_in": "on"})
    baker_order = Checkout.objects.get().orders.get(shop=town["baker"][0])
    capsys.readouterr()

    with django_capture_on_commit_callbacks(execute=True):
        croissant_line = baker_order.lines.get(title="Croissant")
        order_line_mark_unavailable(
            order=baker_order, line_id=croissant_line.pk, reason="Sold out", actor=merchant
        )

    assert (
        "Fournil du Marché: some items of your order are unavailable. New total: €1.30. "
        "Nothing is owed for the removed items: you pay at the shop only for what you collect."
    ) in capsys.readouterr().out


@pytest.mark.french
def test_the_refund_is_told_in_french_first(
    client, town, stripe_stub, merchant, django_capture_on_commit_callbacks
):
    checkout = checkout_by_card(client, town, stripe_stub)
    with django_capture_on_commit_callbacks(execute=True):
        order_cancel(order=checkout.orders.get(shop=town["cheese"][0]), reason="Fermé", actor=merchant)

    page = client.get(reverse("order:track", kwargs={"token": checkout.tracking_token})).content.decode()

    assert (
        "4,90\xa0€ vous sont remboursés sur votre carte : comptez 5 à 10 jours ouvrés pour les voir "
        "sur votre compte, selon votre banque."
    ) in page


def test_a_resident_lowering_a_card_paid_order_is_refunded_what_they_took_off_and_cannot_raise_it(
    client, town, stripe_stub, django_capture_on_commit_callbacks
):
    croissant = ProductFactory(shop=town["baker"][0], title="Croissant", price="1.10", stock=10)
    client.post(reverse("basket:add", kwargs={"pk": croissant.pk}), {"quantity": 3})
    checkout = checkout_by_card(client, town, stripe_stub)
    baker_order = checkout.orders.get(shop=town["baker"][0])
    line = baker_order.lines.get(title="Croissant")
    url = reverse(
        "order:resident-quantities", kwargs={"token": checkout.tracking_token, "number": baker_order.number}
    )

    refused = client.post(url, {f"line-{line.pk}": "5"})
    assert refused.status_code == 400 and "paid by card" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {f"line-{line.pk}": "1"})

    assert refunded_at_stripe(stripe_stub) == [220]  # two croissants back to the card
    baker_order.refresh_from_db()
    assert baker_order.lines.exclude(status=Status.LINE_UNAVAILABLE).get(title="Croissant").quantity == 1
    assert croissant.stockrecords.get().num_allocated == 1
