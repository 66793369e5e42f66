"""Workshops and help sessions of the town's digital corner, and who signed up for them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Workshop(models.Model):
    """A session the town publishes ("Mon premier achat en ligne"), for merchants or for residents."""

    class Audience(models.TextChoices):
        RESIDENTS = "residents", _("Residents")
        MERCHANTS = "merchants", _("Merchants")

    title = models.CharField(_("Title"), max_length=120)
    description = models.TextField(_("Description"), max_length=2000, blank=True)
    audience = models.CharField(_("For"), max_length=10, choices=Audience.choices)
    starts_at = models.DateTimeField(_("Starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("Duration (minutes)"), default=90)
    place = models.CharField(_("Place"), max_length=200)
    places = models.PositiveSmallIntegerField(_("Places"), default=10)
    is_published = models.BooleanField(_("Published"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("starts_at", "pk")
        verbose_name = _("Workshop")
        verbose_name_plural = _("Workshops")

    def __str__(self) -> str:
        return self.title


class Registration(models.Model):
    """One person signed up, online by themselves or by the town for them (by phone)."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("Name"), max_length=120)
    email = models.EmailField(_("Email"), blank=True)
    phone = models.CharField(_("Phone"), max_length=20, blank=True)
    # Who entered it when it was not the person themselves (the digital corner, on the phone).
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attended = models.BooleanField(_("Attended"), null=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("created_at", "pk")
        verbose_name = _("Registration")
        verbose_name_plural = _("Registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "user"],
                condition=models.Q(user__isnull=False),
                name="one_registration_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.workshop}"
