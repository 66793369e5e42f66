"""A checkout's card payment: its PaymentIntent, and applying what Stripe says of it.

Stripe is the source of truth (DESIGN.md "Money"): `payment_sync` applies a PaymentIntent as Stripe
reports it (webhook, return page or expiry), idempotently and in any order, so replayed or late
events converge."""

from __future__ import annotations

import logging
from decimal import Decimal
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from orders.models import Checkout, Status
from orders.outbox import outbox_add_for_checkout
from orders.services import order_mark_paid
from payments.authorisation import card_weighed_check, weighed_margin
from payments.client import card_minimum_refusal, card_minimum_unmet, from_cents, stripe_client, to_cents
from payments.exceptions import CardMinimumUnmet
from payments.models import Payment
from payments.signals import payment_authorised, payment_succeeded

Basket = get_model("basket", "Basket")
logger = logging.getLogger(__name__)


def payment_create(*, checkout: Checkout, basket_id: int | None) -> Payment:
    """The checkout's payment row, written with its orders so the expiry always finds them.

    Raises CardMinimumUnmet when less is left to pay than a card takes (a delivery fee alone once
    vouchers paid the products): the caller's transaction then writes none of the checkout.
    With items sold by weight the card is authorised for their estimate plus the shops' tolerance and
    charged once weighed (payments.capture); WeighedTooFarAhead when their time is past what an
    authorisation lasts.
    """
    orders = list(checkout.orders.select_related("shop"))
    amount = sum((order.total_incl_tax for order in orders), Decimal("0.00"))
    if card_minimum_unmet(amount):
        raise CardMinimumUnmet(card_minimum_refusal(amount))
    manual = card_weighed_check(checkout=checkout)
    if manual:
        amount += sum((weighed_margin(order) for order in orders), Decimal("0.00"))
    return Payment.objects.create(
        checkout=checkout, basket_id=basket_id, amount=amount, capture_manual=manual
    )


def payment_intent_ensure(*, payment: Payment) -> Payment:
    """Create the checkout's PaymentIntent once; a repeat (double submit, reload) gets the same one.

    The idempotency key is the checkout reference, so even two racing requests make one intent.
    Raises stripe.StripeError when Stripe cannot be reached; the resident may try again.
    """
    if payment.intent_id:
        return payment
    checkout = payment.checkout
    numbers = list(checkout.orders.order_by("number").values_list("number", flat=True))
    # Weighed items: authorised now, charged what they weigh (payments.capture).
    capture = {"capture_method": "manual"} if payment.capture_manual else {}
    intent = stripe_client().v1.payment_intents.create(
        params={
            **capture,
            "amount": to_cents(payment.amount),
            "currency": "eur",
            "automatic_payment_methods": {"enabled": True},
            "description": _("Marketplace order %(reference)s") % {"reference": checkout.reference},
            "metadata": {"checkout": checkout.reference, "orders": ",".join(numbers)},
            "transfer_group": checkout.reference,
            "receipt_email": checkout.email,
        },
        options={"idempotency_key": f"checkout-{checkout.reference}"},
    )
    Payment.objects.filter(pk=payment.pk).update(intent_id=intent.id, client_secret=intent.client_secret)
    payment.intent_id, payment.client_secret = intent.id, intent.client_secret
    return payment


def intent_retrieve(*, intent_id: str) -> dict[str, Any]:
    return stripe_client().v1.payment_intents.retrieve(intent_id).to_dict()


def _payment_for_intent(intent: dict[str, Any]) -> Payment | None:
    # The metadata finds a payment whose intent id was not saved yet (the event can be that quick).
    reference = (intent.get("metadata") or {}).get("checkout", "")
    return (
        Payment.objects.select_for_update().filter(intent_id=intent["id"]).first()
        or Payment.objects.select_for_update().filter(checkout__reference=reference).first()
    )


def payment_sync(*, intent: dict[str, Any]) -> Payment | None:
    """Apply a PaymentIntent as Stripe reports it. Idempotent; an older report never undoes a newer one."""
    with transaction.atomic():
        payment = _payment_for_intent(intent)
        if payment is None:
            logger.warning("Stripe reported an intent we do not know: %s", intent["id"])
            return None
        if payment.intent_id is None:
            payment.intent_id = intent["id"]
            payment.save(update_fields=["intent_id"])
        if payment.state == Payment.State.SUCCEEDED:
            return payment
        if intent["status"] == "succeeded":
            _payment_mark_succeeded(payment, captured=from_cents(intent.get("amount_received") or 0))
        elif intent["status"] == "requires_capture" and payment.state == Payment.State.PENDING:
            _payment_mark_authorised(payment)
        elif intent.get("last_payment_error"):
            payment.last_error = (intent["last_payment_error"].get("message") or "")[:300]
            payment.save(update_fields=["last_error"])
    return payment


def _payment_mark_authorised(payment: Payment) -> None:
    """The card holds the amount (weighed items): the orders reach their shops, the resident is told;
    charged once weighed (payments.capture), so nothing is refunded before."""
    payment.state = Payment.State.AUTHORISED
    payment.last_error = ""
    payment.save(update_fields=["state", "last_error"])
    _orders_placed(payment)
    transaction.on_commit(partial(payment_authorised.send, sender=Payment, payment=payment))


def _orders_placed(payment: Payment) -> None:
    for order in payment.checkout.orders.filter(status=Status.PENDING_PAYMENT).order_by("pk"):
        order_mark_paid(order=order)
    outbox_add_for_checkout(checkout=payment.checkout)
    if payment.basket_id:
        # Only the basket still held for this payment: after an expiry it was given back to the
        # resident, who may be filling it again.
        basket = Basket.objects.filter(pk=payment.basket_id, status=Basket.FROZEN).first()
        if basket:
            basket.submit()


def _payment_mark_succeeded(payment: Payment, *, captured: Decimal) -> None:
    expired = payment.state == Payment.State.EXPIRED
    authorised = payment.state == Payment.State.AUTHORISED
    if expired:
        # Paid after the hold ran out and its orders were cancelled: Stripe's cancel lost a race.
        # The cancelled orders are refunded below; nobody is told of orders that no longer exist.
        logger.error("Checkout %s was paid after it expired: refunding it", payment.checkout.reference)
    payment.state = Payment.State.SUCCEEDED
    payment.paid_at = timezone.now()
    payment.last_error = ""
    payment.amount_captured = captured or payment.amount
    payment.save(update_fields=["state", "paid_at", "last_error", "amount_captured"])
    if expired:
        for order in payment.checkout.orders.filter(status=Status.PENDING_PAYMENT).order_by("pk"):
            order_mark_paid(order=order)
    elif not authorised:  # authorised, its orders were placed and the resident told then
        _orders_placed(payment)
    # Orders cancelled or trimmed while the card was being paid (or, weighed, before it was charged)
    # are refunded now, and shops already handed over paid (payments.receivers).
    transaction.on_commit(partial(payment_succeeded.send, sender=Payment, payment=payment))


def payment_record_refunded(*, intent_id: str, amount_refunded: int) -> None:
    """Stripe's running total of refunds on the charge; the highest report wins, whatever the order."""
    refunded = from_cents(amount_refunded)
    Payment.objects.filter(intent_id=intent_id, amount_refunded__lt=refunded).update(amount_refunded=refunded)


def payment_record_dispute(*, intent_id: str) -> None:
    with transaction.atomic():
        for payment in Payment.objects.select_for_update().filter(intent_id=intent_id, disputed=False):
            payment.disputed = True
            payment.save(update_fields=["disputed"])
            for order in payment.checkout.orders.all():
                order.notes.create(
                    note_type="System",
                    message=_("The resident disputed the card payment: see Stripe's dashboard."),
                )
