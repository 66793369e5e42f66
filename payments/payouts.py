"""Payouts to shops (Stripe Connect, separate charges and transfers): onboarding, each order's share,
the transfer when it is handed over, and the reversal when a refund comes after it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import stripe
from django.conf import settings
from django.db import transaction

from orders.models import Order, Status
from payments.client import stripe_client, to_cents
from payments.exceptions import TransferFundsShort
from payments.intents import intent_retrieve
from payments.models import Transfer, TransferReversal
from payments.refunds import order_card_payment, order_paid_share, order_refunded
from shops.models import Partner


def shop_onboarding_link(*, shop: Partner, refresh_url: str, return_url: str) -> str:
    """Stripe's Express onboarding page for the shop, creating its account the first time."""
    if not shop.stripe_account_id:
        account = stripe_client().v1.accounts.create(
            params={
                "type": "express",
                "country": "FR",
                "email": shop.email or None,
                "capabilities": {"transfers": {"requested": True}},
                "metadata": {"shop": str(shop.pk)},
            },
            options={"idempotency_key": f"shop-account-{shop.pk}"},
        )
        Partner.objects.filter(pk=shop.pk).update(stripe_account_id=account.id)
        shop.stripe_account_id = account.id
    link = stripe_client().v1.account_links.create(
        params={
            "account": shop.stripe_account_id,
            "refresh_url": refresh_url,
            "return_url": return_url,
            "type": "account_onboarding",
        }
    )
    return link.url


@dataclass(frozen=True)
class Payout:
    paid: Decimal
    refunded: Decimal
    commission: Decimal

    @property
    def due(self) -> Decimal:
        return self.paid - self.refunded - self.commission


def order_payout(order: Order) -> Payout:
    """What the shop gets for a card order: what was paid, less refunds and the town's commission."""
    paid = order_paid_share(order)
    refunded = order_refunded(order)
    rate = Decimal(settings.PAYMENT_TOWN_COMMISSION_PERCENT) / 100
    return Payout(
        paid=paid, refunded=refunded, commission=((paid - refunded) * rate).quantize(Decimal("0.01"))
    )


def order_transfer(*, order_id: int, funds_refusals: int = 0) -> Transfer | None:
    """Send a handed-over order's share to its shop's account, once; None when nothing is due.

    The share is what the resident paid for the order, less refunds and the town's commission
    (PAYMENT_TOWN_COMMISSION_PERCENT). It is paid from the checkout's charge (`source_transaction`):
    right after the payment the charge's funds are not available yet, and Stripe then makes the
    transfer wait for them instead of refusing it.

    Raises stripe.StripeError when Stripe cannot be reached; the task retries with the same
    idempotency key, so a shop is never paid twice. Raises TransferFundsShort when Stripe refuses
    for lack of funds: Stripe keeps that answer under the key, so the task retries with the next
    `funds_refusals`, a new key (safe: a refused request created nothing).
    """
    with transaction.atomic():
        order = (
            Order.objects.select_for_update(of=("self",)).select_related("shop", "checkout").get(pk=order_id)
        )
        payment = order_card_payment(order)
        if (
            payment is None
            or order.status not in (Status.COLLECTED, Status.DELIVERED)
            or not order.shop.stripe_account_id
            or Transfer.objects.filter(order=order).exists()
        ):
            return None
        amount = order_payout(order).due
        if amount <= 0:
            return None
        charge = intent_retrieve(intent_id=payment.intent_id)["latest_charge"]
        key = f"transfer-{order.number}" + (f"-{funds_refusals}" if funds_refusals else "")
        try:
            transfer = stripe_client().v1.transfers.create(
                params={
                    "amount": to_cents(amount),
                    "currency": "eur",
                    "destination": order.shop.stripe_account_id,
                    "transfer_group": order.checkout.reference,
                    "source_transaction": charge,
                    "metadata": {"order": order.number},
                },
                options={"idempotency_key": key},
            )
        except stripe.InvalidRequestError as error:
            if error.code == "balance_insufficient":
                raise TransferFundsShort(order.number) from error
            raise
        return Transfer.objects.create(order=order, amount=amount, stripe_id=transfer.id)


def order_transfer_reverse(*, order_id: int) -> TransferReversal | None:
    """Take back from the shop what it was paid beyond its share, after a refund that came once
    the order was handed over and paid out; None when the transfer matches the share.

    Raises stripe.StripeError when Stripe cannot be reached; the task retries with the same
    idempotency key (the order and the share left), so a shop is never charged twice.
    """
    with transaction.atomic():
        order = Order.objects.select_for_update(of=("self",)).get(pk=order_id)
        transfer = Transfer.objects.filter(order=order).first()
        if transfer is None:
            return None
        share = max(order_payout(order).due, Decimal("0.00"))
        reversed_already = sum((reversal.amount for reversal in transfer.reversals.all()), Decimal("0.00"))
        amount = transfer.amount - reversed_already - share
        if amount <= 0:
            return None
        key = f"reversal-{order.number}-{to_cents(share)}"
        reversal = stripe_client().v1.transfers.reversals.create(
            transfer.stripe_id,
            params={"amount": to_cents(amount), "metadata": {"order": order.number}},
            options={"idempotency_key": key},
        )
        return TransferReversal.objects.create(
            transfer=transfer, amount=amount, idempotency_key=key, stripe_id=reversal.id
        )
