"""Order models: Oscar's, with one shop per order, its fulfilment, and the checkout tying them."""

import datetime as dt
import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from oscar.apps.order.abstract_models import AbstractOrder
from oscar.core.loading import get_model

from orders.pickup_point_rules import dropoff_deadline
from orders.weighing_models import LineWeighing  # noqa: F401 (registered with the app's models)

ZERO = Decimal("0.00")


class Status:
    """Order states (DESIGN.md). Values are stored as Oscar stores statuses: readable strings."""

    PENDING_PAYMENT = "Pending payment"
    PLACED = "Placed"
    ACCEPTED = "Accepted"
    READY = "Ready for pickup"
    DROPPED = "Dropped at pickup point"
    COLLECTED = "Collected"
    OUT_FOR_DELIVERY = "Out for delivery"
    DELIVERED = "Delivered"
    CANCELLED = "Cancelled"

    LABELS = {
        PENDING_PAYMENT: pgettext_lazy("order status", "Pending payment"),
        PLACED: pgettext_lazy("order status", "Placed"),
        ACCEPTED: pgettext_lazy("order status", "Accepted"),
        READY: pgettext_lazy("order status", "Ready for pickup"),
        DROPPED: pgettext_lazy("order status", "Dropped at the pickup point"),
        COLLECTED: pgettext_lazy("order status", "Collected"),
        OUT_FOR_DELIVERY: pgettext_lazy("order status", "Out for delivery"),
        DELIVERED: pgettext_lazy("order status", "Delivered"),
        CANCELLED: pgettext_lazy("order status", "Cancelled"),
    }
    # States in which the shop still has work to do: stock and slot are held, the code is live.
    OPEN = (PENDING_PAYMENT, PLACED, ACCEPTED, READY, DROPPED, OUT_FOR_DELIVERY)
    # Open and paid for (or paid at pickup): what a shop must prepare, and what a pickup code is for.
    TO_PREPARE = (PLACED, ACCEPTED, READY, DROPPED, OUT_FOR_DELIVERY)
    FINAL = (COLLECTED, DELIVERED, CANCELLED)

    @classmethod
    def label(cls, status: str) -> str:
        """A status as people read it, in their language (a status we do not know, as stored)."""
        return cls.LABELS.get(status, status)

    # Oscar's pipeline: which states may follow each one. Fulfilment narrows it further
    # (a pickup order is never out for delivery): see `Order.available_statuses`.
    PIPELINE = {
        PENDING_PAYMENT: (PLACED, CANCELLED),
        PLACED: (ACCEPTED, CANCELLED),
        ACCEPTED: (READY, OUT_FOR_DELIVERY, DROPPED, CANCELLED),
        READY: (COLLECTED, CANCELLED),
        DROPPED: (COLLECTED, CANCELLED),
        OUT_FOR_DELIVERY: (DELIVERED, CANCELLED),
        COLLECTED: (),
        DELIVERED: (),
        CANCELLED: (),
    }
    PICKUP_ONLY = (READY, COLLECTED)

    # A line the shop could not supply; Oscar's line status field records it.
    LINE_UNAVAILABLE = "Unavailable"
    DELIVERY_ONLY = (OUT_FOR_DELIVERY, DELIVERED)


class Fulfilment(models.TextChoices):
    PICKUP = "pickup", _("Pickup in store")
    DELIVERY = "delivery", _("Local delivery")
    # Every shop of the checkout drops its order at one town pickup point, collected in one go.
    PICKUP_POINT = "point", _("Collect at a pickup point")


# States a fulfilment never goes through (a pickup order is never out for delivery…).
EXCLUDED_STATUSES = {
    Fulfilment.PICKUP: (*Status.DELIVERY_ONLY, Status.DROPPED),
    Fulfilment.DELIVERY: (*Status.PICKUP_ONLY, Status.DROPPED),
    Fulfilment.PICKUP_POINT: (*Status.DELIVERY_ONLY, Status.READY),
}


class Channel(models.TextChoices):
    """How the checkout reached the shop: the resident online, or the merchant taking a call."""

    WEB = "web", _("Online")
    PHONE = "phone", _("By phone")


def new_checkout_reference() -> str:
    return "C" + "".join(secrets.choice("ABCDEFGHJKMNPQRSTUVWXYZ23456789") for _ in range(9))


def new_tracking_token() -> str:
    return secrets.token_urlsafe(24)


class Checkout(models.Model):
    """One resident's purchase of one basket, possibly from several shops, paid once."""

    reference = models.CharField(
        _("Checkout reference"), max_length=16, unique=True, default=new_checkout_reference
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="checkouts",
    )
    first_name = models.CharField(_("First name"), max_length=100, blank=True)
    last_name = models.CharField(_("Last name"), max_length=100, blank=True)
    # Empty for a phone order taken without one (the customer is then told by text or voice call).
    email = models.EmailField(_("Email"), blank=True)
    phone = models.CharField(_("Phone"), max_length=20, blank=True)
    sms_opt_in = models.BooleanField(_("Text me about my orders"), default=False)
    # A resident with only a landline (ordered for by the digital corner or a relative): the
    # messages a text would carry are read aloud to `phone` by a voice call instead (orders/voice.py).
    voice_calls = models.BooleanField(_("Call me with a spoken message"), default=False)
    channel = models.CharField(_("Channel"), max_length=5, choices=Channel.choices, default=Channel.WEB)
    # The guest's way back to the tracking page: unguessable, unlike the reference.
    tracking_token = models.CharField(max_length=40, unique=True, default=new_tracking_token, editable=False)
    created_at = models.DateTimeField(_("Created at"), default=timezone.now, db_index=True)

    class Meta:
        app_label = "order"
        ordering = ("-created_at",)
        indexes = [
            # The oversight counts call & collect orders by their checkout: a year of these is read in one go.
            models.Index(
                fields=["created_at"], condition=models.Q(channel=Channel.PHONE), name="checkout_by_phone"
            )
        ]
        verbose_name = _("Checkout")

    def __str__(self) -> str:
        return self.reference

    @property
    def customer_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Order(AbstractOrder):
    pipeline = Status.PIPELINE

    # One shop per order (DESIGN.md): merchants see only their shop's orders, whole.
    shop = models.ForeignKey(
        "partner.Partner",
        verbose_name=_("Shop"),
        on_delete=models.PROTECT,
        related_name="orders",
        null=True,
        blank=True,
    )
    checkout = models.ForeignKey(
        Checkout, null=True, blank=True, on_delete=models.PROTECT, related_name="orders"
    )
    fulfilment = models.CharField(
        # Not "Fulfilment": Oscar's dashboard menu heads its orders with that msgid.
        _("Pickup or delivery"),
        max_length=10,
        choices=Fulfilment.choices,
        default=Fulfilment.PICKUP,
    )
    slot_start = models.DateTimeField(_("Slot start"), null=True, blank=True, db_index=True)
    slot_end = models.DateTimeField(_("Slot end"), null=True, blank=True)
    pickup_code = models.CharField(_("Pickup code"), max_length=6, blank=True)
    # Set when the resident collects at the shop's stall at this market (a market slot), not at the shop.
    market = models.ForeignKey(
        "markets.Market",
        verbose_name=_("Collected at the market"),
        on_delete=models.PROTECT,
        related_name="orders",
        null=True,
        blank=True,
    )
    # Where a pickup-point order is collected; slot_start/slot_end are then the point's slot.
    pickup_point = models.ForeignKey(
        "partner.Partner",
        verbose_name=_("Pickup point"),
        on_delete=models.PROTECT,
        related_name="point_orders",
        null=True,
        blank=True,
    )
    cancellation_reason = models.TextField(_("Cancellation reason"), blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set when the shop's new times left the order's slot outside them and the merchant chose to move
    # it (orders.stranded): the resident is asked to choose another time; cleared once they have.
    reschedule_asked_at = models.DateTimeField(_("Asked to choose another time"), null=True, blank=True)
    # When the resident last changed the order's time or quantities (orders.changes): the board says so.
    changed_by_resident_at = models.DateTimeField(_("Changed by the customer"), null=True, blank=True)
    # Set once the order has ended and its figures were added to its shop's day (marketplace.ShopDay).
    in_shop_day = models.BooleanField(default=False, editable=False)

    class Meta(AbstractOrder.Meta):
        indexes = [
            # The oversight reads live only the orders not yet in a ShopDay: few, whatever the history.
            models.Index(
                fields=["date_placed"], condition=models.Q(in_shop_day=False), name="order_not_in_shop_day"
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["shop", "pickup_code"],
                condition=models.Q(status__in=Status.OPEN) & ~models.Q(pickup_code=""),
                name="pickup_code_unique_among_open_orders_of_a_shop",
            )
        ]

    def available_statuses(self) -> tuple[str, ...]:
        excluded = EXCLUDED_STATUSES[self.fulfilment]
        return tuple(status for status in super().available_statuses() if status not in excluded)

    @property
    def status_label(self) -> str:
        return Status.label(self.status)

    @property
    def pickup_place(self) -> str:
        """Where the resident collects: the market and its place for a stall slot, else the shop's address."""
        return self.market.name_and_place if self.market_id else self.shop.full_address

    @property
    def dropoff_deadline(self) -> dt.datetime | None:
        """When the shop must have dropped a pickup-point order at the point."""
        if self.fulfilment != Fulfilment.PICKUP_POINT or self.slot_start is None:
            return None
        return dropoff_deadline(self.slot_start, margin_minutes=settings.PICKUP_POINT_DROP_OFF_MARGIN_MINUTES)

    @cached_property
    def voucher_share(self) -> Decimal:
        """What the town's gift vouchers paid of this order and the town owes its shop (see
        `voucher_shares_owed`); the order's total is net of it.

        One query; a list of orders reads it annotated by `with_voucher_share` instead.
        """
        owed = voucher_shares_owed().filter(line__order=self).aggregate(total=Sum("amount", default=ZERO))
        return owed["total"]

    @property
    def total_before_vouchers(self) -> Decimal:
        return self.total_incl_tax + self.voucher_share


# A voucher gives nothing back: the share of an item the shop could not supply, or of a cancelled
# order, stays spent but the town owes it to nobody. On OrderLineDiscount rows.
NOT_SUPPLIED = models.Q(line__order__status=Status.CANCELLED) | models.Q(line__status=Status.LINE_UNAVAILABLE)


def voucher_shares() -> models.QuerySet:
    """Each order line's share of a gift voucher discount (Oscar's OrderLineDiscount)."""
    return get_model("order", "OrderLineDiscount").objects.filter(order_discount__voucher_id__isnull=False)


def voucher_shares_owed() -> models.QuerySet:
    """The voucher shares the town owes the shops: the merchant's, the oversight's and the report's figure."""
    return voucher_shares().exclude(NOT_SUPPLIED)


def with_voucher_share(orders: models.QuerySet) -> models.QuerySet:
    """`orders` with each one's `voucher_share` computed in the same query (a list page, one query)."""
    owed = (
        voucher_shares_owed()
        .filter(line__order=models.OuterRef("pk"))
        .values("line__order")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    money = models.DecimalField(max_digits=12, decimal_places=2)
    share = Coalesce(models.Subquery(owed), models.Value(ZERO), output_field=money)
    # Fills the cached property of that name on each order, so reading it runs no query.
    return orders.annotate(voucher_share=share)


class SlotBooking(models.Model):
    """How many orders a shop's pickup slot or delivery window holds; capacity is checked on this row."""

    shop = models.ForeignKey("partner.Partner", on_delete=models.CASCADE, related_name="slot_bookings")
    fulfilment = models.CharField(max_length=10, choices=Fulfilment.choices, default=Fulfilment.PICKUP)
    start = models.DateTimeField()
    booked = models.PositiveIntegerField(default=0)

    class Meta:
        app_label = "order"
        constraints = [
            models.UniqueConstraint(fields=["shop", "fulfilment", "start"], name="one_booking_row_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.shop_id} {self.start:%Y-%m-%d %H:%M} ({self.booked})"


class OutboxMessage(models.Model):
    """A message to send, written in the same transaction as the change it tells about.

    Nothing lost: a periodic sweep re-queues what is still pending. Nothing twice: one row per
    (order or checkout, event, channel), and sending marks it sent under a row lock.
    """

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")
        VOICE = "voice", _("Voice call")

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        # Handed to the mail server: committed before the SMTP call, so a worker dying during it
        # leaves a trace the sweep retries (with the same Message-ID) instead of losing the message.
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    key = models.CharField(max_length=120, unique=True)  # (order, checkout or shop's day, event, channel)
    event = models.CharField(_("Event"), max_length=64)
    channel = models.CharField(_("Channel"), max_length=8, choices=Channel.choices)
    order = models.ForeignKey(Order, null=True, blank=True, on_delete=models.CASCADE, related_name="outbox")
    checkout = models.ForeignKey(
        Checkout, null=True, blank=True, on_delete=models.CASCADE, related_name="outbox"
    )
    # A message about a shop's whole day rather than one order (the merchant's morning digest).
    shop = models.ForeignKey(
        "partner.Partner", null=True, blank=True, on_delete=models.CASCADE, related_name="outbox"
    )
    recipient = models.CharField(_("Recipient"), max_length=254)
    language = models.CharField(max_length=8, default="fr")
    state = models.CharField(
        _("State"), max_length=8, choices=State.choices, default=State.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("Attempts"), default=0)
    last_error = models.TextField(_("Last error"), blank=True)
    created_at = models.DateTimeField(_("Created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("Sent at"), null=True, blank=True)
    sending_at = models.DateTimeField(_("Sending since"), null=True, blank=True)
    sending_by = models.CharField(max_length=64, blank=True)  # the task delivery that claimed it
    # A mail already written by its sender (Django's mail API: accounts, password resets, shop
    # applications…), stored whole by orders.mail_backend; messages rendered from an event have none.
    mail = models.JSONField(null=True, blank=True)

    class Meta:
        app_label = "order"
        ordering = ("-created_at",)
        verbose_name = _("Outgoing message")
        verbose_name_plural = _("Outgoing messages")

    def __str__(self) -> str:
        return self.key


class VoucherGiveBack(models.Model):
    """A gift voucher's share of an order given back to the resident when the order was not supplied
    (cancelled by anyone, items taken off): their own voucher usable again, or a new one for the share.

    Written by orders.voucher_give_back under the order's lock, for what is not supplied and was not
    given back yet: giving back twice (a retry, a second path) gives nothing more.
    """

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="voucher_give_backs")
    voucher_code = models.CharField(_("Gift voucher"), max_length=128)
    amount = models.DecimalField(_("Amount"), max_digits=12, decimal_places=2)
    # None when the resident's own voucher was made usable again (no other order had spent any of it).
    new_voucher = models.ForeignKey(
        "voucher.Voucher", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("Created at"), default=timezone.now)

    class Meta:
        app_label = "order"
        ordering = ("pk",)
        verbose_name = _("Gift voucher share given back")

    def __str__(self) -> str:
        return f"{self.voucher_code} {self.amount}"


from oscar.apps.order.models import *  # noqa: E402, F403 (Oscar's fork pattern: the rest of the models)
