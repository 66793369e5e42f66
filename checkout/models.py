"""Residents who are not online, and the orders placed for them.

The town's digital corner (a town agent) or a relative keeps a record of a resident who does not use
the marketplace: how to reach them (a landline or a mobile, and whether they want a voice call, a text
or a printed summary) and where to deliver. A relative is a resident account the person agreed to
let order for them; the corner records that consent. Each order placed for the person is linked to
them (`BehalfCheckout`), so a second identical order the same day can be caught before it is placed.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orders.models import Checkout


class OfflineResident(models.Model):
    """A resident who is not online: the corner or a relative orders for them."""

    class Contact(models.TextChoices):
        VOICE = "voice", _("Voice call (read aloud)")
        SMS = "sms", _("Text message")
        PRINTED = "printed", _("Printed summary handed over")

    first_name = models.CharField(_("First name"), max_length=100)
    last_name = models.CharField(_("Last name"), max_length=100)
    phone = models.CharField(
        _("Phone (landline or mobile)"), max_length=20
    )  # +33…, see behalf.phone_normalise
    preferred_contact = models.CharField(
        _("How to tell them about their orders"), max_length=8, choices=Contact.choices, default=Contact.VOICE
    )
    line1 = models.CharField(_("Address"), max_length=255)
    postcode = models.CharField(_("Postcode"), max_length=12)
    city = models.CharField(_("City"), max_length=100)
    note = models.CharField(
        _("Note for whoever orders (floor, door code, hearing)"), max_length=255, blank=True
    )
    relatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Relative",
        through_fields=("resident", "user"),
        related_name="offline_residents",
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("last_name", "first_name", "pk")
        verbose_name = _("Person not online")
        verbose_name_plural = _("People not online")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Relative(models.Model):
    """A resident account the person agreed may order for them; the corner records how they agreed."""

    resident = models.ForeignKey(OfflineResident, on_delete=models.CASCADE, related_name="relative_links")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="relative_links"
    )
    consent = models.CharField(
        _("How the person agreed"),
        max_length=255,
        help_text=_("For example: by phone to the corner, 3 December"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("Relative who orders")
        verbose_name_plural = _("Relatives who order")
        constraints = [models.UniqueConstraint(fields=["resident", "user"], name="one_link_per_relative")]

    def __str__(self) -> str:
        return f"{self.user} → {self.resident}"


class BehalfCheckout(models.Model):
    """A checkout placed for a person not online, and by whom (a town agent or a relative)."""

    checkout = models.OneToOneField(Checkout, on_delete=models.CASCADE, related_name="behalf")
    resident = models.ForeignKey(OfflineResident, on_delete=models.PROTECT, related_name="behalf_checkouts")
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("Order for a person not online")
        verbose_name_plural = _("Orders for people not online")

    def __str__(self) -> str:
        return f"{self.checkout} → {self.resident}"
