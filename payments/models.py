"""A checkout's card payment (its Stripe PaymentIntent) and the webhook events Stripe sent us."""

from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Payment(models.Model):
    """The card payment of one checkout: one PaymentIntent for every shop's order.

    Pay at pickup has no row: the shop is paid at its counter.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for payment")
        # Weighed items: the card holds the estimate plus the shops' tolerance until they are weighed.
        AUTHORISED = "authorised", _("Card authorised, charged once weighed")
        SUCCEEDED = "succeeded", _("Paid")
        EXPIRED = "expired", _("Not paid in time")

    checkout = models.OneToOneField("order.Checkout", on_delete=models.PROTECT, related_name="payment")
    # The basket stays frozen while the resident pays, and comes back if they give up.
    basket_id = models.PositiveIntegerField(null=True, blank=True)
    amount = models.DecimalField(_("Amount"), max_digits=12, decimal_places=2)
    state = models.CharField(_("State"), max_length=12, choices=State.choices, default=State.PENDING)
    intent_id = models.CharField(max_length=64, unique=True, null=True, blank=True)
    client_secret = models.CharField(max_length=200, blank=True)
    # Stripe's message for the last failed attempt (declined, authentication failed), for the resident.
    last_error = models.CharField(_("Last error"), max_length=300, blank=True)
    amount_refunded = models.DecimalField(
        _("Refunded"), max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    disputed = models.BooleanField(_("Disputed"), default=False)
    # With weighed items the intent is authorised (`amount` is then the upper bound) and captured once
    # every weighed order was weighed (payments.capture), for what the orders then come to.
    capture_manual = models.BooleanField(_("Charged once weighed"), default=False)
    amount_captured = models.DecimalField(
        _("Charged"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Card payment")

    def __str__(self) -> str:
        return f"{self.checkout_id} {self.state}"


class CapturedShare(models.Model):
    """What the capture of a card payment charged for one order of its checkout (nothing for one
    cancelled before it): what the order was paid, for its refunds and its shop's payout."""

    order = models.OneToOneField("order.Order", on_delete=models.PROTECT, related_name="captured_share")
    amount = models.DecimalField(_("Amount"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("Charged for an order")

    def __str__(self) -> str:
        return f"{self.order_id} {self.amount}"


class WebhookEvent(models.Model):
    """One event Stripe delivered; the unique id makes a replayed delivery a no-op."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    payload = models.JSONField()
    received_at = models.DateTimeField(default=timezone.now)
    processed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.event_id} {self.type}"


class Refund(models.Model):
    """Money given back for one shop's order: all of it when cancelled, a line's price when unavailable."""

    order = models.ForeignKey("order.Order", on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(_("Amount"), max_digits=12, decimal_places=2)
    # Built from the order and the total due, so a retried refund is the same refund at Stripe.
    idempotency_key = models.CharField(max_length=100, unique=True)
    stripe_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Refund")

    def __str__(self) -> str:
        return f"{self.order_id} {self.amount}"


class Transfer(models.Model):
    """A shop's share of a card checkout, sent to its Stripe account once the order is handed over."""

    order = models.OneToOneField("order.Order", on_delete=models.PROTECT, related_name="transfer")
    amount = models.DecimalField(_("Amount"), max_digits=12, decimal_places=2)
    stripe_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Transfer to a shop")

    def __str__(self) -> str:
        return f"{self.order_id} {self.amount}"


class TransferReversal(models.Model):
    """Part of a transfer taken back from the shop, when its order is refunded after the payout."""

    transfer = models.ForeignKey(Transfer, on_delete=models.PROTECT, related_name="reversals")
    amount = models.DecimalField(_("Amount"), max_digits=12, decimal_places=2)
    # Built from the order and the shop's share left, so a retried reversal is the same one at Stripe.
    idempotency_key = models.CharField(max_length=100, unique=True)
    stripe_id = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Transfer reversal")

    def __str__(self) -> str:
        return f"{self.transfer_id} -{self.amount}"
