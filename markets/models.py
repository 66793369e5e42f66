"""Weekly open-air markets: place, day, hours, stallholders, breaks and cancelled sessions."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shops.models import WEEKDAYS, Partner


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
        db_table = "marketplace_market"  # moved from the project package: its table kept
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
        db_table = "marketplace_marketbreak"  # moved from the project package: its table kept
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
        db_table = "marketplace_marketcancellation"  # moved from the project package: its table kept
        ordering = ("date",)
        verbose_name = _("Cancelled session")
        verbose_name_plural = _("Cancelled sessions")
        constraints = [
            models.UniqueConstraint(fields=["market", "date"], name="one_cancellation_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.market} {self.date}: {self.reason}"
