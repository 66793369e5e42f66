"""Handing an order over, at the counter or at the door, and what a resident paying there paid with.

Paid at pickup (or a phone order), the merchant says how the resident paid (cash, card terminal): it is
recorded on the order as an Oscar payment event of its total, in the hand-over's transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from oscar.apps.order.processing import EventHandler
from oscar.core.loading import get_model

from orders.exceptions import PickupPaymentMissing
from orders.models import Checkout, Fulfilment, Order
from orders.services import order_collect, order_deliver

PaymentEventType = get_model("order", "PaymentEventType")


class PickupPayment(models.TextChoices):
    """How a resident paying at pickup paid at the counter; the values are the codes of Oscar's
    payment event types, which record it on the order."""

    CASH = "pickup-cash", gettext_lazy("Cash")
    CARD_TERMINAL = "pickup-card-terminal", gettext_lazy("Card terminal")


def order_pays_at_pickup(order: Order) -> bool:
    """Something is left to pay at the shop's counter: the checkout has no card payment (paid at
    pickup, or a phone order) and gift vouchers did not cover the whole order."""
    # A card payment is the payments app's row on the checkout (`Checkout.payment`): read through the
    # relation, so orders needs nothing of payments' code.
    return (
        order.total_incl_tax > 0
        and not Checkout.objects.filter(pk=order.checkout_id, payment__isnull=False).exists()
    )


def order_hand_over_and_record_payment(
    *, order: Order, typed_code: str, checker_key: str, paid_by: str | None
) -> Order:
    """Hand an order over, at the counter or at the door (its code checked as `order_collect` and
    `order_deliver` do) and, when it is paid on hand-over, record how (`PickupPayment`) as an Oscar
    payment event of its total, in the same transaction.

    Raises PickupPaymentMissing, before the code is checked, when such an order gets no method.
    """
    pays_at_pickup = order_pays_at_pickup(order)
    if pays_at_pickup and paid_by not in PickupPayment.values:
        raise PickupPaymentMissing(_("Say how the customer paid: cash or card terminal."))
    hand_over = order_deliver if order.fulfilment == Fulfilment.DELIVERY else order_collect
    with transaction.atomic():
        order = hand_over(order=order, typed_code=typed_code, checker_key=checker_key)
        if pays_at_pickup:
            with translation.override("en"):  # Oscar's event type names are data, in one language
                name = f"Paid at pickup: {PickupPayment(paid_by).label}"
            event_type, _created = PaymentEventType.objects.get_or_create(
                code=paid_by, defaults={"name": name}
            )
            EventHandler().handle_payment_event(order, event_type, order.total_incl_tax)
    return order


@dataclass(frozen=True)
class PickupPaymentRecord:
    method: str  # PickupPayment's label
    amount: Decimal
    recorded_at: dt.datetime


def order_pickup_payments(order: Order) -> list[PickupPaymentRecord]:
    """What the shop recorded at its counter for this order (one record, once collected)."""
    return [
        PickupPaymentRecord(
            method=PickupPayment(event.event_type.code).label,
            amount=event.amount,
            recorded_at=event.date_created,
        )
        for event in order.payment_events.all()
        if event.event_type.code in PickupPayment.values
    ]
