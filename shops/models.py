"""Shop models: Oscar's Partner extended with profile, category, hours, closures and sales modes.

A product's details (unit, allergens, availability) are shops.product_models, imported here so Django
registers them with the rest.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from oscar.apps.partner.abstract_models import AbstractPartner

from shops import hours
from shops.delivery import DeliveryRules, parse_postcodes
from shops.offer_models import CounterOffer, ProductDayCount  # noqa: F401 (registered here, where Django looks)
from shops.product_models import ProductDetails  # noqa: F401 (registered here, where Django looks)
from shops.validators import validate_siret

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]

phone_validator = RegexValidator(
    r"^\+?[0-9 .()-]{8,20}$", _("Enter a phone number, for example 01 23 45 67 89.")
)


class ShopCategory(models.Model):
    """A kind of shop (bakery, florist…): data, so the town hall can add its own."""

    name = models.CharField(_("Name"), max_length=80, unique=True)
    slug = models.SlugField(_("Slug"), max_length=80, unique=True)
    icon = models.CharField(_("Icon"), max_length=8, blank=True, help_text=_("An emoji"))
    position = models.PositiveSmallIntegerField(_("Position"), default=0)

    class Meta:
        app_label = "partner"
        ordering = ("position", "name")
        verbose_name = _("Shop category")
        verbose_name_plural = _("Shop categories")

    def __str__(self) -> str:
        return self.name


class ShopQuerySet(models.QuerySet):
    def on_storefront(self) -> ShopQuerySet:
        """Shops residents can see and buy from: approved by the town hall (pickup points sell nothing)."""
        return self.filter(approval=Partner.Approval.APPROVED, is_pickup_point=False)

    def shops_only(self) -> ShopQuerySet:
        """Every partner but the town's pickup points: what the town hall reviews and counts as shops."""
        return self.filter(is_pickup_point=False)

    def pickup_points(self) -> ShopQuerySet:
        """The town's pickup points open to new checkouts."""
        return self.filter(is_pickup_point=True, temporarily_closed=False)


class Partner(AbstractPartner):
    """A shop. Oscar calls it a partner; everything user-facing calls it a shop."""

    class Approval(models.TextChoices):
        PENDING = "pending", _("Pending approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SUSPENDED = "suspended", _("Suspended")

    category = models.ForeignKey(
        ShopCategory,
        verbose_name=_("Category"),
        on_delete=models.PROTECT,
        related_name="shops",
        null=True,
    )
    # What a shop says of itself, shown on its page: a few paragraphs, not a book (forms refuse more).
    description = models.TextField(_("Description"), blank=True, max_length=2000)
    logo = models.ImageField(_("Logo"), upload_to="shops/logos/", blank=True)
    photo = models.ImageField(_("Photo"), upload_to="shops/photos/", blank=True)

    street = models.CharField(_("Street address"), max_length=200, blank=True)
    postcode = models.CharField(
        _("Postcode"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^\d{5}$", _("A French postcode has five digits."))],
    )
    city = models.CharField(_("City"), max_length=100, blank=True)
    phone = models.CharField(_("Phone"), max_length=20, blank=True, validators=[phone_validator])
    email = models.EmailField(_("Email"), blank=True)
    website = models.URLField(_("Website"), blank=True)
    facebook_url = models.URLField(_("Facebook page"), blank=True)
    instagram_url = models.URLField(_("Instagram page"), blank=True)

    siret = models.CharField(_("SIRET number"), max_length=14, blank=True, validators=[validate_siret])
    contact_name = models.CharField(_("Contact name"), max_length=120, blank=True)
    # Where the town hall writes about the application; the merchant account gets this address.
    contact_email = models.EmailField(_("Contact email"), blank=True)

    approval = models.CharField(
        _("Approval"), max_length=12, choices=Approval.choices, default=Approval.PENDING, db_index=True
    )
    approval_reason = models.TextField(_("Reason given by the town hall"), blank=True)
    approval_changed_at = models.DateTimeField(_("Approval changed at"), null=True, blank=True)

    temporarily_closed = models.BooleanField(_("Temporarily closed"), default=False)
    closed_message = models.CharField(_("Message while closed"), max_length=200, blank=True)

    offers_click_collect = models.BooleanField(_("Click & collect"), default=True)
    offers_delivery = models.BooleanField(_("Local delivery"), default=False)
    offers_call_collect = models.BooleanField(_("Call & collect (by phone)"), default=False)
    # Pay at pickup is the default; a shop may insist on card payment online (when the site has keys).
    accepts_pay_at_pickup = models.BooleanField(_("Accepts payment at pickup"), default=True)
    # A stallholder may also hand orders over at its stall, on the days of its markets (see Market).
    offers_market_pickup = models.BooleanField(
        _("Pickup at my market stall"),
        default=False,
        help_text=_(
            "On the days of the markets where the town hall lists you as a stallholder, residents can "
            "also choose a pickup time at your stall, during market hours."
        ),
    )
    # A town pickup point (covered market hall, town hall desk) is a partner without products, so
    # its hours, closures and slots are a shop's; its users are its staff (core.roles).
    is_pickup_point = models.BooleanField(_("Town pickup point"), default=False)
    drops_at_pickup_points = models.BooleanField(
        _("Drops orders at the town's pickup points"),
        default=False,
        help_text=_("A resident buying from several shops may then collect everything at one pickup point."),
    )
    # The shop's Stripe Connect (Express) account: card orders are paid out to it once handed over.
    stripe_account_id = models.CharField(_("Stripe account"), max_length=64, blank=True)

    preparation_minutes = models.PositiveIntegerField(
        _("Preparation lead time (minutes)"),
        default=60,
        validators=[MaxValueValidator(7 * 24 * 60)],
    )
    slot_minutes = models.PositiveIntegerField(
        _("Pickup slot length (minutes)"),
        default=30,
        validators=[MinValueValidator(10), MaxValueValidator(240)],
    )
    slot_capacity = models.PositiveIntegerField(
        _("Orders per pickup slot"), default=4, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    # How far ahead residents may book (a Christmas pre-order two weeks out); shops.slots stops there.
    slot_horizon_days = models.PositiveSmallIntegerField(
        _("Orders taken up to (days ahead)"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_(
            "Residents can choose a pickup or delivery time up to this many days ahead (60 at most)."
        ),
    )
    # Until when residents may change an order's time or quantities (orders.changes.can_change):
    # empty, until the shop accepts it; else, accepted or not, up to this many hours before its time.
    change_cutoff_hours = models.PositiveSmallIntegerField(
        _("Customers may change an order until (hours before its time)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(168)],
        help_text=_(
            "Empty: until you accept the order. Otherwise customers may change the time or quantities, "
            "even once you accepted, up to this many hours before their time (a week at most)."
        ),
    )
    # How far a weighed item's real weight may be from the weight ordered (shops.weighing).
    weight_tolerance_percent = models.PositiveSmallIntegerField(
        _("Weighed items: accepted difference (%)"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_(
            "For products sold by the kg: how far the real weight may be from the weight ordered "
            "(15 %: 255 to 345 g for 300 g ordered). A card payment holds the upper bound."
        ),
    )
    # Ready orders left uncollected this many days after their slot are cancelled, stock released.
    uncollected_cancel_days = models.PositiveSmallIntegerField(
        _("Cancel uncollected orders after (days)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_("Days after the pickup time; the resident is reminded the day after."),
    )

    delivery_postcodes = models.CharField(
        _("Delivered postcodes"), max_length=200, blank=True, help_text=_("For example: 78220, 78140")
    )
    delivery_fee = models.DecimalField(
        _("Delivery fee (€)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(0)],
    )
    delivery_free_from = models.DecimalField(
        _("Free delivery from (€)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    delivery_minimum = models.DecimalField(
        _("Minimum order for delivery (€)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(0)],
    )
    delivery_window_minutes = models.PositiveIntegerField(
        _("Delivery window length (minutes)"),
        default=120,
        validators=[MinValueValidator(30), MaxValueValidator(480)],
    )
    delivery_capacity = models.PositiveIntegerField(
        _("Deliveries per window"), default=3, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    created_at = models.DateTimeField(_("Created at"), default=timezone.now, editable=False)

    objects = ShopQuerySet.as_manager()

    class Meta(AbstractPartner.Meta):
        app_label = "partner"
        verbose_name = _("Shop")
        verbose_name_plural = _("Shops")
        permissions = (
            ("dashboard_access", "Can access dashboard"),
            ("pickup_point_access", "Can hand over orders at a pickup point"),
        )

    def __str__(self) -> str:
        return self.display_name

    @property
    def slug(self) -> str:
        return self.code

    @property
    def is_on_storefront(self) -> bool:
        return self.approval == self.Approval.APPROVED

    @property
    def in_store_only(self) -> bool:
        return not (self.offers_click_collect or self.offers_delivery or self.offers_call_collect)

    @property
    def sells_online(self) -> bool:
        return self.offers_click_collect or self.offers_delivery

    def merchant_email(self) -> str:
        """Where to write to the shop: its merchant's account, else its own or the applicant's address."""
        merchant = next((user.email for user in self.users.all() if user.email), "")  # prefetch-friendly
        return merchant or self.email or self.contact_email

    @property
    def full_address(self) -> str:
        return ", ".join(part for part in (self.street, f"{self.postcode} {self.city}".strip()) if part)

    def delivery_rules(self) -> DeliveryRules:
        return DeliveryRules(
            postcodes=parse_postcodes(self.delivery_postcodes),
            fee=self.delivery_fee,
            free_from=self.delivery_free_from,
            minimum=self.delivery_minimum,
        )

    def weekly_hours(self) -> hours.WeeklyHours:
        """Hours as plain values; uses prefetched `opening_hours` and `closures` when present."""
        ranges: dict[int, list[hours.TimeRange]] = {}
        for opening in self.opening_hours.all():
            ranges.setdefault(opening.weekday, []).append(hours.TimeRange(opening.opens, opening.closes))
        today = timezone.localdate()
        closures = [
            hours.ClosurePeriod(c.start_date, c.end_date, c.reason)
            for c in self.closures.all()
            if c.end_date >= today
        ]
        return hours.WeeklyHours(ranges, closures, horizon_days=self.slot_horizon_days)

    def status_at(
        self, at: dt.datetime | None = None, *, week: hours.WeeklyHours | None = None
    ) -> hours.ShopStatus:
        return hours.shop_status(
            week or self.weekly_hours(),
            at or timezone.now(),
            ZoneInfo(settings.TIME_ZONE),
            temporarily_closed=self.temporarily_closed,
            message=self.closed_message,
        )


class PickupPoint(Partner):
    """The town's pickup points apart from the shops, as the town hall manages them (admin)."""

    class Meta:
        proxy = True
        app_label = "partner"
        verbose_name = _("Pickup point")
        verbose_name_plural = _("Pickup points")


class OpeningHours(models.Model):
    """One opening range of a weekday; a day may have several (8:00–13:00, 15:30–19:30)."""

    shop = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("Day"), choices=WEEKDAYS)
    opens = models.TimeField(_("Opens at"))
    closes = models.TimeField(_("Closes at"), help_text=_("00:00 means midnight"))

    class Meta:
        app_label = "partner"
        ordering = ("weekday", "opens")
        verbose_name = _("Opening hours")
        verbose_name_plural = _("Opening hours")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class Closure(models.Model):
    """An exceptional closure: holidays, inventory, works."""

    shop = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="closures")
    start_date = models.DateField(_("From"))
    end_date = models.DateField(_("To (inclusive)"))
    reason = models.CharField(_("Reason"), max_length=120, blank=True)

    class Meta:
        app_label = "partner"
        ordering = ("start_date",)
        verbose_name = _("Exceptional closure")
        verbose_name_plural = _("Exceptional closures")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="closure_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.start_date} → {self.end_date} {self.reason}"


class ShopEvent(models.Model):
    """Audit log of what the town hall did to a shop: who, what, when, why."""

    class Action(models.TextChoices):
        APPLIED = "applied", _("Applied")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SUSPENDED = "suspended", _("Suspended")
        REINSTATED = "reinstated", _("Reinstated")

    shop = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("Action"), max_length=12, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("Reason"), blank=True)
    created_at = models.DateTimeField(_("When"), default=timezone.now)

    class Meta:
        app_label = "partner"
        ordering = ("-created_at", "-pk")
        verbose_name = _("Shop event")


from oscar.apps.partner.models import *  # noqa: E402, F403 (Oscar's fork pattern: the rest of the models)
