"""Refunds: what goes back to the card for an order cancelled or trimmed, once, whatever the retries."""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from django.db import transaction

from orders.models import Order, Status
from payments.client import stripe_client, to_cents
from payments.models import CapturedShare, Payment, Refund, Transfer
from payments.signals import shop_overpaid


def _captured_share(order: Order, *, weighed_checkout: bool | None) -> CapturedShare | None:
    """What a capture charged for the order; `weighed_checkout` False (its payment, read already, was
    charged at once) spares the query, and a prefetched share (the tracking page) is read once."""
    if weighed_checkout is False:
        return None
    try:
        return order.captured_share
    except CapturedShare.DoesNotExist:
        return None


def order_paid_share(order: Order, *, weighed_checkout: bool | None = None) -> Decimal:
    """What the resident paid for this order: every line as placed, and the delivery fee; for a card
    charged once weighed (payments.capture), what the charge took for it."""
    if (captured := _captured_share(order, weighed_checkout=weighed_checkout)) is not None:
        return captured.amount
    lines = sum((line.line_price_incl_tax for line in order.lines.all()), Decimal("0.00"))
    return lines + order.shipping_incl_tax


def order_refund_total(order: Order, *, weighed_checkout: bool | None = None) -> Decimal:
    """What goes back for an order in all: everything once cancelled, else its unavailable lines
    (charged once weighed: what was charged beyond what the order now comes to)."""
    if order.status == Status.CANCELLED:
        return order_paid_share(order, weighed_checkout=weighed_checkout)
    if (captured := _captured_share(order, weighed_checkout=weighed_checkout)) is not None:
        return max(captured.amount - order.total_incl_tax, Decimal("0.00"))
    return sum(
        (line.line_price_incl_tax for line in order.lines.all() if line.status == Status.LINE_UNAVAILABLE),
        Decimal("0.00"),
    )


def order_card_payment(order: Order) -> Payment | None:
    """The card payment of the order's checkout once it went through; None if paid at pickup or not yet."""
    return Payment.objects.filter(checkout_id=order.checkout_id, state=Payment.State.SUCCEEDED).first()


def order_refunded(order: Order) -> Decimal:
    """What went back to the card for this order so far (its Refunds)."""
    return sum((refund.amount for refund in order.refunds.all()), Decimal("0.00"))


def order_refund_due(*, order_id: int) -> Refund | None:
    """Refund what the shop did not supply and was not refunded yet: the whole order once cancelled,
    else its unavailable lines. Idempotent: run it again (retry, duplicate hook) and nothing more goes back.

    Raises stripe.StripeError when Stripe cannot be reached; the task retries with the same key.
    """
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        payment = order_card_payment(order)
        if payment is None:
            return None  # paid at pickup, or not paid (yet): nothing to give back
        due = order_refund_total(order)
        refunded = order_refunded(order)
        amount = due - refunded
        if amount <= 0:
            return None
        key = f"refund-{order.number}-{to_cents(due)}"
        stripe_refund = stripe_client().v1.refunds.create(
            params={
                "payment_intent": payment.intent_id,
                "amount": to_cents(amount),
                "metadata": {"order": order.number, "checkout": payment.checkout.reference},
            },
            options={"idempotency_key": key},
        )
        refund = Refund.objects.create(
            order=order, amount=amount, idempotency_key=key, stripe_id=stripe_refund.id
        )
        if Transfer.objects.filter(order=order).exists():
            # The shop was already paid its share: take back what was just refunded (payments.receivers).
            transaction.on_commit(partial(shop_overpaid.send, sender=Refund, order_id=order.pk))
        return refund
