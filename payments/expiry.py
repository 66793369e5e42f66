"""Giving up a card payment: the resident abandons it, or the hold runs out; orders cancelled,
stock, slots and gift vouchers given back."""

from __future__ import annotations

import datetime as dt
import logging

import stripe
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from orders.models import Status
from orders.services import order_cancel
from payments.client import stripe_client
from payments.intents import intent_retrieve, payment_sync
from payments.models import Payment

Basket = get_model("basket", "Basket")
logger = logging.getLogger(__name__)


def payment_abandon(*, payment: Payment, reason: str) -> bool:
    """Cancel an unpaid checkout: its intent at Stripe, its orders (freeing stock and slots), and
    give the basket back. False when Stripe says it was paid after all (it is then marked paid).

    Raises stripe.StripeError when Stripe cannot be reached: nothing is released while money
    might have been taken.
    """
    if payment.intent_id:
        try:
            intent = (
                stripe_client()
                .v1.payment_intents.cancel(payment.intent_id, params={"cancellation_reason": "abandoned"})
                .to_dict()
            )
        except stripe.InvalidRequestError:
            intent = intent_retrieve(intent_id=payment.intent_id)
        if intent["status"] == "succeeded":
            payment_sync(intent=intent)
            return False
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=payment.pk)
        if locked.state != Payment.State.PENDING:
            return locked.state == Payment.State.EXPIRED
        locked.state = Payment.State.EXPIRED
        locked.save(update_fields=["state"])
        for order in locked.checkout.orders.filter(status=Status.PENDING_PAYMENT).order_by("pk"):
            order_cancel(order=order, reason=reason, actor=None)
        basket = Basket.objects.filter(pk=locked.basket_id).first() if locked.basket_id else None
        if basket and basket.status == Basket.FROZEN:
            basket.thaw()
    return True


def payments_expire_unpaid(*, now: dt.datetime | None = None) -> int:
    """Release the checkouts left unpaid past the hold; returns how many were released."""
    now = now or timezone.now()
    deadline = now - dt.timedelta(minutes=settings.PAYMENT_HOLD_MINUTES)
    released = 0
    for payment in Payment.objects.filter(state=Payment.State.PENDING, created_at__lt=deadline):
        try:
            released += payment_abandon(
                payment=payment, reason=_("The card payment was not completed in time.")
            )
        except stripe.StripeError:
            logger.warning("Stripe unreachable; checkout %s is kept for the next run", payment.checkout_id)
    return released
