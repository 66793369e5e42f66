"""Reads of payments: what the town hall still owes shops that have no Stripe account."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from orders.models import Order, Status
from payments.models import Payment
from payments.services import order_payout


@dataclass(frozen=True)
class SettlementRow:
    shop: str
    order_number: str
    checkout_reference: str
    handed_over_on: str
    paid: Decimal
    refunded: Decimal
    commission: Decimal
    due: Decimal


def settlement_rows() -> list[SettlementRow]:
    """Card orders handed over by shops without a Stripe account, so not paid out by transfer."""
    orders = (
        Order.objects.filter(
            status__in=(Status.COLLECTED, Status.DELIVERED),
            checkout__payment__state=Payment.State.SUCCEEDED,
            transfer__isnull=True,
        )
        .select_related("shop", "checkout")
        .prefetch_related("lines", "refunds", "status_changes")
        .order_by("shop__name", "number")
    )
    rows = []
    for order in orders:
        payout = order_payout(order)
        last_change = max((change.date_created for change in order.status_changes.all()), default=None)
        rows.append(
            SettlementRow(
                shop=order.shop.name,
                order_number=order.number,
                checkout_reference=order.checkout.reference,
                handed_over_on=last_change.date().isoformat() if last_change else "",
                paid=payout.paid,
                refunded=payout.refunded,
                commission=payout.commission,
                due=payout.due,
            )
        )
    return rows
