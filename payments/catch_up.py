"""Money owed but never asked of Stripe: a refund, transfer or reversal is queued after its commit, and a
broker outage then (core.queueing logs it) lost its task. A periodic sweep finds what is still owed and
does it here, through the same idempotent services and keys as the tasks, so a task and the sweep
running together, or a sweep run twice, move money once."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

import stripe
from django.db.models import Case, DecimalField, Exists, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from orders.models import Line, Order, Status
from payments.exceptions import TransferFundsShort
from payments.models import Payment, Refund, Transfer
from payments.payouts import order_transfer, order_transfer_reverse
from payments.refunds import order_refund_due

logger = logging.getLogger(__name__)

# Orders placed longer ago are left alone: Stripe refunds a card payment up to 180 days after it, and
# a sweep reading every order ever placed would grow without end.
CATCH_UP_DAYS = 90
_MONEY = DecimalField(max_digits=12, decimal_places=2)


def _sum(queryset, field: str) -> Coalesce:
    total = queryset.values("order_id").annotate(total=Sum(field)).values("total")
    return Coalesce(Subquery(total, output_field=_MONEY), Value(Decimal("0.00")), output_field=_MONEY)


def _recent_card_orders():
    paid = Payment.objects.filter(checkout_id=OuterRef("checkout_id"), state=Payment.State.SUCCEEDED)
    since = timezone.now() - dt.timedelta(days=CATCH_UP_DAYS)
    return Order.objects.filter(Exists(paid), date_placed__gte=since).order_by("pk")


def refunds_owed() -> list[int]:
    """Card orders whose cancellation or unavailable lines were not (fully) refunded yet."""
    lines = Line.objects.filter(order_id=OuterRef("pk"))
    owed = Case(
        When(status=Status.CANCELLED, then=_sum(lines, "line_price_incl_tax") + F("shipping_incl_tax")),
        default=_sum(lines.filter(status=Status.LINE_UNAVAILABLE), "line_price_incl_tax"),
        output_field=_MONEY,
    )
    refunded = _sum(Refund.objects.filter(order_id=OuterRef("pk")), "amount")
    orders = _recent_card_orders().filter(
        Q(status=Status.CANCELLED) | Q(lines__status=Status.LINE_UNAVAILABLE)
    )
    return list(
        orders.annotate(owed=owed, refunded=refunded)
        .filter(owed__gt=F("refunded"))
        .values_list("pk", flat=True)
        .distinct()
    )


def transfers_owed() -> list[int]:
    """Handed-over card orders of a shop paid through Stripe that have no transfer yet."""
    return list(
        _recent_card_orders()
        .filter(status__in=(Status.COLLECTED, Status.DELIVERED), transfer__isnull=True)
        .exclude(shop__stripe_account_id="")
        .values_list("pk", flat=True)
    )


def reversals_possibly_owed() -> list[int]:
    """Paid-out orders refunded since (order_transfer_reverse decides whether anything goes back)."""
    refunded_after = Refund.objects.filter(
        order_id=OuterRef("pk"), created_at__gte=OuterRef("transfer__created_at")
    )
    return list(
        _recent_card_orders()
        .filter(Exists(Transfer.objects.filter(order_id=OuterRef("pk"))), Exists(refunded_after))
        .values_list("pk", flat=True)
    )


def payments_catch_up() -> dict[str, int]:
    """Refund, pay out and take back what is owed; how many of each went through this time. One
    failing (Stripe unreachable, funds not available yet) is left for the next sweep."""
    done = {"refunds": 0, "transfers": 0, "reversals": 0}
    for name, owed, service in (
        ("refunds", refunds_owed, order_refund_due),
        ("transfers", transfers_owed, order_transfer),
        ("reversals", reversals_possibly_owed, order_transfer_reverse),
    ):
        for order_id in owed():
            try:
                if service(order_id=order_id) is not None:
                    done[name] += 1
            except (stripe.StripeError, TransferFundsShort) as error:
                logger.warning("Order %s: %s not done yet: %s", order_id, name, error)
    return done
