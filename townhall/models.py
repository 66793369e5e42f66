"""Town-hall models: announcements, merchant posts, and the log of town-hall actions."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shops.models import Partner


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
        db_table = "marketplace_announcement"  # moved from the project package: its table kept
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
        db_table = "marketplace_merchantpost"  # moved from the project package: its table kept
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
    market = models.ForeignKey(
        "markets.Market", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    voucher = models.ForeignKey(
        "voucher.Voucher", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What was acted on, as it read then: a post, product, market or announcement may change or go later.
    subject = models.TextField(_("What"))
    reason = models.TextField(_("Reason"), blank=True)
    created_at = models.DateTimeField(_("When"), default=timezone.now)

    class Meta:
        db_table = "marketplace_moderationevent"  # moved from the project package: its table kept
        ordering = ("-created_at", "-pk")
        verbose_name = _("Town hall action")
        verbose_name_plural = _("Town hall actions")

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.subject}"
