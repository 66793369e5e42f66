"""The one way to Stripe (`stripe_client`, pointed by settings, a local stub in tests), whether card
payment is offered at all, Stripe's minimum, and amounts in cents."""

from __future__ import annotations

from decimal import Decimal

import stripe
from django.conf import settings
from django.utils.translation import gettext as _
from oscar.templatetags.currency_filters import currency

CARD_MINIMUM = Decimal("0.50")


def card_payment_available() -> bool:
    """Card payment is offered only when the site has its Stripe keys."""
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_PUBLISHABLE_KEY)


def card_minimum_unmet(amount: Decimal) -> bool:
    """Something is left to pay, but less than a card payment can take: it is paid at the counter."""
    return Decimal(0) < amount < CARD_MINIMUM


def card_minimum_refusal(amount: Decimal) -> str:
    return _(
        "%(left)s is left to pay: less than the %(minimum)s a card payment can take. You pay it at "
        "the shop when you collect: please choose pickup in store and payment at the shop."
    ) % {"left": currency(amount, "EUR"), "minimum": currency(CARD_MINIMUM, "EUR")}


def stripe_client() -> stripe.StripeClient:
    base = settings.STRIPE_API_BASE
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": base} if base else None,
        # The SDK retries network errors with the same idempotency key, so a retry never pays twice.
        max_network_retries=2,
    )


def to_cents(amount: Decimal) -> int:
    return int((amount * 100).quantize(Decimal("1")))


def from_cents(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))
