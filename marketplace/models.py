"""Town-hall models: announcements, merchant posts, the log of town-hall actions, weekly markets."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shops.models import WEEKDAYS, Partner


class AnnouncementQuerySet(models.QuerySet):
    def current(self, *, today: dt.date) -> AnnouncementQuerySet:
        """Announcements shown on `today`: started, and not yet ended (an end date is inclusive)."""
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today), starts_on__lte=today)


class Announcement(models.Model):
    """A message from the town hall on the home page, between two dates."""

    title = models.CharField(_("Title"), max_length=120)
    text = models.TextField(_("Text"))
    link = models.URLField(_("Link"), blank=True)
    starts_on = models.DateField(_("Shown from"), default=timezone.localdate)
    ends_on = models.DateField(_("Shown until (inclusive)"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("Created at"), default=timezone.now, editable=False)

    objects = AnnouncementQuerySet.as_manager()

    class Meta:
        ordering = ("-starts_on", "-pk")
        verbose_name = _("Announcement")
        verbose_name_plural = _("Announcements")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="announcement_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class MerchantPostQuerySet(models.QuerySet):
    def published(self, *, at: dt.datetime) -> MerchantPostQuerySet:
        """Posts residents see at `at`: within their dates, not hidden, from an approved shop."""
        return self.filter(
            Q(publish_until__isnull=True) | Q(publish_until__gt=at),
            publish_from__lte=at,
            hidden_at__isnull=True,
            shop__approval=Partner.Approval.APPROVED,
        )


class MerchantPost(models.Model):
    """What a shop has to say: an offer, a piece of news, today's menu."""

    class Kind(models.TextChoices):
        OFFER = "offer", _("Offer")
        NEWS = "news", _("News")
        MENU = "menu", _("Today's menu")

    shop = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="posts")
    kind = models.CharField(_("Kind"), max_length=8, choices=Kind.choices, default=Kind.NEWS)
    text = models.TextField(_("Text"), max_length=2000)
    photo = models.ImageField(_("Photo"), upload_to="shops/posts/", blank=True)
    publish_from = models.DateTimeField(_("Published from"), default=timezone.now)
    publish_until = models.DateTimeField(_("Published until"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("Hidden by the town hall at"), null=True, blank=True)
    hidden_reason = models.TextField(_("Why the town hall hid it"), blank=True)
    created_at = models.DateTimeField(_("Created at"), default=timezone.now, editable=False)

    objects = MerchantPostQuerySet.as_manager()

    class Meta:
        ordering = ("-publish_from", "-pk")
        verbose_name = _("Merchant post")
        verbose_name_plural = _("Merchant posts")
        indexes = [models.Index(fields=["shop", "-publish_from"])]

    def __str__(self) -> str:
        return f"{self.shop} – {self.get_kind_display()}: {self.text[:40]}"


class ModerationEvent(models.Model):
    """The town hall's actions besides shop decisions (those are ShopEvents): who, what, when, why.

    Written by `townhall.log.town_hall_action_record` only, in the action's transaction.
    """

    class Action(models.TextChoices):
        POST_HIDDEN = "post_hidden", _("Post hidden")
        PRODUCT_HIDDEN = "product_hidden", _("Product hidden")
        ANNOUNCEMENT_PUBLISHED = "announcement_published", _("Announcement published")
        ANNOUNCEMENT_EDITED = "announcement_edited", _("Announcement edited")
        ANNOUNCEMENT_DELETED = "announcement_deleted", _("Announcement deleted")
        MARKET_CREATED = "market_created", _("Market created")
        MARKET_EDITED = "market_edited", _("Market edited")
        MARKET_STOPPED = "market_stopped", _("Market stopped")
        MARKET_RESUMED = "market_resumed", _("Market held again")
        STALLHOLDERS_CHANGED = "stallholders_changed", _("Stallholders changed")
        SESSION_CANCELLED = "session_cancelled", _("Market session cancelled")
        CANCELLATION_REMOVED = "cancellation_removed", _("Session cancellation removed")
        BREAK_ADDED = "break_added", _("Seasonal break added")
        BREAK_REMOVED = "break_removed", _("Seasonal break removed")
        VOUCHERS_ISSUED = "vouchers_issued", _("Gift vouchers issued")

    action = models.CharField(_("Action"), max_length=32, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    shop = models.ForeignKey(Partner, null=True, on_delete=models.SET_NULL, related_name="+")
    post = models.ForeignKey(MerchantPost, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    product = models.ForeignKey(
        "catalogue.Product", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    market = models.ForeignKey("Market", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    voucher = models.ForeignKey(
        "voucher.Voucher", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What was acted on, as it read then: a post, product, market or announcement may change or go later.
    subject = models.TextField(_("What"))
    reason = models.TextField(_("Reason"), blank=True)
    created_at = models.DateTimeField(_("When"), default=timezone.now)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("Town hall action")
        verbose_name_plural = _("Town hall actions")

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.subject}"


class Market(models.Model):
    """A weekly open-air market: where, which day, which hours, and its stallholders."""

    name = models.CharField(_("Name"), max_length=120)
    place = models.CharField(_("Place"), max_length=200)
    weekday = models.PositiveSmallIntegerField(_("Day"), choices=WEEKDAYS)
    opens = models.TimeField(_("Opens at"))
    closes = models.TimeField(_("Closes at"))
    stallholders = models.ManyToManyField(
        Partner, verbose_name=_("Stallholders"), related_name="markets", blank=True
    )
    is_active = models.BooleanField(_("Held"), default=True)

    class Meta:
        ordering = ("weekday", "opens", "name")
        verbose_name = _("Market")
        verbose_name_plural = _("Markets")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")), name="market_closes_after_opens"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name_and_place(self) -> str:
        """How a pickup at this market's stalls is located for residents: "Marché du samedi, Halle"."""
        return f"{self.name}, {self.place}"


class MarketBreak(models.Model):
    """A seasonal break: no session between two dates (summer, Christmas holidays)."""

    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="breaks")
    start_date = models.DateField(_("From"))
    end_date = models.DateField(_("To (inclusive)"))
    reason = models.CharField(_("Reason"), max_length=120, blank=True)

    class Meta:
        ordering = ("start_date",)
        verbose_name = _("Seasonal break")
        verbose_name_plural = _("Seasonal breaks")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="market_break_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.start_date} → {self.end_date} {self.reason}"


class MarketCancellation(models.Model):
    """One session called off, with the reason residents read (bad weather, works…)."""

    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="cancellations")
    date = models.DateField(_("Date"))
    reason = models.CharField(_("Reason"), max_length=200)

    class Meta:
        ordering = ("date",)
        verbose_name = _("Cancelled session")
        verbose_name_plural = _("Cancelled sessions")
        constraints = [
            models.UniqueConstraint(fields=["market", "date"], name="one_cancellation_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.market} {self.date}: {self.reason}"


class DayFigures(models.Model):
    """The oversight figures of one local day's orders that have ended; same names as the live figures.

    A collected, delivered or cancelled order never changes again, so its figures are added here
    once (oversight/rollup.py, on beat) and the dashboard reads a year of days instead
    of every order; orders still under way are counted live.
    """

    date = models.DateField()
    orders = models.PositiveIntegerField(default=0)
    pickup = models.PositiveIntegerField(default=0)
    phone = models.PositiveIntegerField(default=0)
    delivery = models.PositiveIntegerField(default=0)
    cancelled = models.PositiveIntegerField(default=0)
    uncollected = models.PositiveIntegerField(default=0)
    # What residents bought, gift vouchers' part included (see oversight/selectors.py).
    sales = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    vouchers = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    ready_total = models.DurationField(default=dt.timedelta(0))
    ready_count = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class TownDay(DayFigures):
    """The whole town's figures of a day, the sum of its shops' days: the daily chart of a year
    reads 365 rows rather than one per shop and day."""

    class Meta:
        constraints = [models.UniqueConstraint(fields=["date"], name="one_town_day")]


class ShopDay(DayFigures):
    """A shop's figures of a day: the per-shop, per-category and open-data tables."""

    shop = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["date", "shop"], name="one_shop_day")]
