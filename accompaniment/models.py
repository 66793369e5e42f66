"""What the town's digital corner records about accompanying merchants: help given, consent, help mode.

The town-centre manager (or the town hall) records each visit, call, workshop or chamber's diagnosis;
a merchant may let the manager act for the shop (`HelpConsent`), and each time the manager does, the
help-mode session and every change made in it are kept, so the merchant sees who did what.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shops.models import Partner


class HelpRecord(models.Model):
    """One piece of help given to a shop, on a date, with a note."""

    class Kind(models.TextChoices):
        VISIT = "visit", _("Visit")
        CALL = "call", _("Phone call")
        WORKSHOP = "workshop", _("Workshop")
        DIAGNOSIS = "diagnosis", _("Chamber's diagnosis")

    shop = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="help_records")
    kind = models.CharField(_("Kind of help"), max_length=12, choices=Kind.choices)
    date = models.DateField(_("Date"), default=timezone.localdate)
    note = models.TextField(_("Note"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("-date", "-pk")
        verbose_name = _("Help given")
        verbose_name_plural = _("Help given")
        # Held by the town-centre manager's group and checked by core.access.TOWN_CORNER: the staff
        # of the town's digital corner (merchants' accompaniment, workshops, surveys).
        permissions = (("town_corner", _("Works at the town's digital corner")),)

    def __str__(self) -> str:
        return f"{self.shop} {self.kind} {self.date}"


class HelpConsent(models.Model):
    """A merchant lets the town's digital corner act for the shop, until they withdraw it."""

    shop = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="help_consents")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    granted_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-granted_at",)
        verbose_name = _("Consent to help mode")
        verbose_name_plural = _("Consents to help mode")
        constraints = [
            # At most one consent in force per shop: granting twice is a no-op, not a second row.
            models.UniqueConstraint(
                fields=["shop"], condition=models.Q(withdrawn_at=None), name="one_consent_in_force"
            )
        ]

    def __str__(self) -> str:
        return f"{self.shop} {self.granted_at:%Y-%m-%d}"


class HelpSession(models.Model):
    """The manager acting for a shop (help mode), from start to stop: the log the merchant reads."""

    shop = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="help_sessions")
    consent = models.ForeignKey(HelpConsent, on_delete=models.PROTECT, related_name="sessions")
    helper = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-started_at",)
        verbose_name = _("Help-mode session")
        verbose_name_plural = _("Help-mode sessions")

    def __str__(self) -> str:
        return f"{self.shop} {self.started_at:%Y-%m-%d %H:%M}"


class HelpAction(models.Model):
    """One change made for a shop in help mode (a product added, a photo added)."""

    class Kind(models.TextChoices):
        PRODUCT_ADDED = "product", _("Product added")
        PHOTO_ADDED = "photo", _("Photo added")

    session = models.ForeignKey(HelpSession, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("What"), max_length=12, choices=Kind.choices)
    product = models.ForeignKey(
        "catalogue.Product", null=True, blank=True, on_delete=models.SET_NULL, related_name="help_actions"
    )
    description = models.CharField(_("Description"), max_length=255)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("Change made in help mode")
        verbose_name_plural = _("Changes made in help mode")

    def __str__(self) -> str:
        return self.description
