"""Card payments of checkouts holding items sold by weight: authorise the estimate plus the shops'
tolerance, then charge what the orders come to once every weighed order was weighed.

One PaymentIntent per checkout stays the rule (DESIGN.md "Money"), so a checkout with a weighed item
is authorised as a whole (`capture_method=manual`) and captured once, for every shop's order, when its
last weighed order is weighed (or cancelled): Stripe captures an intent only once. Until then nothing
is charged, so nothing is refunded or paid out; what the capture charged for each order is kept
(`CapturedShare`) and is what that order was paid, for its later refunds and its shop's payout.

What is authorised, and for how far ahead: payments.authorisation.
"""

from __future__ import annotations

import logging
from decimal import Decimal

import stripe
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orders.models import Status
from orders.weighing import unweighed_lines
from payments.client import stripe_client, to_cents
from payments.intents import payment_sync
from payments.models import CapturedShare, Payment

logger = logging.getLogger(__name__)
ZERO = Decimal("0.00")


def capture_due(payment: Payment) -> bool:
    """Every weighed order of the checkout was weighed or cancelled: what it comes to is known."""
    return not any(
        unweighed_lines(order) for order in payment.checkout.orders.exclude(status=Status.CANCELLED)
    )


def payment_capture(*, payment_id: int) -> Payment | None:
    """Charge an authorised checkout what its orders now come to, once they are all weighed; None
    while some is not (or when it was charged already).

    Raises stripe.StripeError when Stripe cannot be reached; the task retries with the same
    idempotency key, so the card is charged once. An authorisation Stripe no longer holds (expired)
    is noted on the orders, for the shops to ask payment at the counter.
    """
    with transaction.atomic():
        payment = Payment.objects.select_for_update().select_related("checkout").get(pk=payment_id)
        if payment.state != Payment.State.AUTHORISED or not capture_due(payment):
            return None
        orders = list(payment.checkout.orders.select_for_update().order_by("pk"))
        shares = {
            order.pk: ZERO if order.status == Status.CANCELLED else order.total_incl_tax for order in orders
        }
        amount = sum(shares.values(), ZERO)
        if amount > payment.amount:  # never: the tolerance bounds each weight; Stripe would refuse it
            logger.error(
                "Checkout %s comes to %s, above its authorisation", payment.checkout.reference, amount
            )
            amount = payment.amount
        client = stripe_client().v1.payment_intents
        key = f"capture-{payment.checkout.reference}"
        try:
            if amount > 0:
                intent = client.capture(
                    payment.intent_id,
                    params={"amount_to_capture": to_cents(amount)},
                    options={"idempotency_key": key},
                ).to_dict()
            else:  # every order cancelled: the hold is released, nothing charged
                client.cancel(payment.intent_id, params={"cancellation_reason": "abandoned"})
                intent = None
        except stripe.InvalidRequestError as error:
            logger.error("Checkout %s could not be charged: %s", payment.checkout.reference, error)
            for order in orders:
                if order.status != Status.CANCELLED:
                    order.notes.create(
                        note_type="System",
                        message=_(
                            "The card could not be charged (%(error)s): "
                            "ask the customer to pay at the counter."
                        )
                        % {"error": error.user_message or error.code or ""},
                    )
            return None
        CapturedShare.objects.bulk_create(
            [CapturedShare(order_id=order_id, amount=share) for order_id, share in shares.items()],
            ignore_conflicts=True,
        )
        payment.amount_captured = amount
        payment.save(update_fields=["amount_captured"])
        if intent is None:
            payment.state = Payment.State.SUCCEEDED
            payment.paid_at = timezone.now()
            payment.save(update_fields=["state", "paid_at"])
            return payment
        return payment_sync(intent=intent)
