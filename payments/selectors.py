"""Reads of payments: what a resident gets back, and the town hall's settlement report."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from orders.handover import PickupPayment, order_pickup_payments
from orders.models import Order, Status
from payments.models import Payment
from payments.payouts import Payout, order_payout
from payments.refunds import order_refund_total

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class RefundNotice:
    """What the resident is told about the money of a cancelled or trimmed order."""

    # "card": `amount` goes back to the card; "pickup": nothing is owed for it (paid at the shop);
    # "unpaid": the card was not charged.
    kind: str
    amount: Decimal
    cancelled: bool  # the whole order, or only some of its items


def refund_notice(*, order: Order, payment: Payment | None) -> RefundNotice | None:
    """None while nothing was taken off the order. `payment` is its checkout's (None: paid at pickup)."""
    amount = order_refund_total(order, weighed_checkout=payment is not None and payment.capture_manual)
    if amount <= 0:
        return None
    if payment is None:
        kind = "pickup"
    elif payment.state == Payment.State.SUCCEEDED:
        kind = "card"
    else:
        kind = "unpaid"
    return RefundNotice(kind=kind, amount=amount, cancelled=order.status == Status.CANCELLED)


def order_refund_notice(order: Order) -> RefundNotice | None:
    """`refund_notice` of one order, reading its checkout's payment (for a message about one order)."""
    return refund_notice(order=order, payment=Payment.objects.filter(checkout_id=order.checkout_id).first())


@dataclass(frozen=True)
class SettlementRow:
    shop: str
    order_number: str
    checkout_reference: str
    handed_over_on: str
    paid_by: str
    paid: Decimal
    refunded: Decimal
    commission: Decimal
    due: Decimal


def settlement_rows() -> list[SettlementRow]:
    """Handed-over orders the town hall settles or counts: card orders of shops without a Stripe
    account (not paid out by transfer), card orders whose transfer has not gone through yet (nothing
    due by hand: Stripe pays them), and orders the shops were paid for at their counter (nothing
    due: the shop holds the money)."""
    card_unsettled = Q(checkout__payment__state=Payment.State.SUCCEEDED, transfer__isnull=True)
    paid_at_counter = Q(payment_events__event_type__code__in=PickupPayment.values)
    handed_over = Q(status__in=(Status.COLLECTED, Status.DELIVERED))
    orders = (
        Order.objects.filter(handed_over & (card_unsettled | paid_at_counter))
        .distinct()
        .select_related("shop", "checkout")
        .prefetch_related("lines", "refunds", "status_changes", "payment_events__event_type")
        .order_by("shop__name", "number")
    )
    rows = []
    for order in orders:
        last_change = max((change.date_created for change in order.status_changes.all()), default=None)
        at_counter = order_pickup_payments(order)
        if at_counter:
            # The shop took the money at its counter: no commission, nothing due from the town hall.
            paid_by = at_counter[0].method
            payout = Payout(paid=at_counter[0].amount, refunded=ZERO, commission=ZERO)
            due = ZERO
        elif order.shop.stripe_account_id:
            # Stripe pays this shop by transfer, still to come or given up after its retries: listed so
            # the town hall sees it, never due by hand too (a transfer going through later would pay twice).
            paid_by, payout = _("Card online, Stripe transfer pending"), order_payout(order)
            due = ZERO
        else:
            paid_by, payout = _("Card online"), order_payout(order)
            due = payout.due
        rows.append(
            SettlementRow(
                shop=order.shop.name,
                order_number=order.number,
                checkout_reference=order.checkout.reference,
                handed_over_on=last_change.date().isoformat() if last_change else "",
                paid_by=str(paid_by),
                paid=payout.paid,
                refunded=payout.refunded,
                commission=payout.commission,
                due=due,
            )
        )
    return rows
