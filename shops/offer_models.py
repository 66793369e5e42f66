"""What a product's availability needs stored beyond its details: today's quick offers at the counter
and the per-day counts its daily cap is checked against.

Registered through `shops.models`, which imports it (Django loads an app's models from there).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CounterOffer(models.Model):
    """A quick offer "today at my counter" (an end-of-day basket, a dish of the day): an ordinary
    product with a stock record, sold and collected inside its pickup window only, off the
    storefront once the window has ended or its stock is gone."""

    product = models.OneToOneField(
        "catalogue.Product", on_delete=models.CASCADE, related_name="counter_offer", verbose_name=_("Product")
    )
    pickup_from = models.DateTimeField(_("Pickup from"))
    pickup_until = models.DateTimeField(_("Pickup until"), db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "partner"
        verbose_name = _("Quick offer")
        verbose_name_plural = _("Quick offers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pickup_until__gt=models.F("pickup_from")),
                name="counter_offer_window_ordered",
            )
        ]

    def __str__(self) -> str:
        return str(self.product_id)


class ProductDayCount(models.Model):
    """How many of a capped product are ordered for one pickup day: the row a daily cap is taken
    from by a conditional update, so concurrent checkouts never go past it (orders.services)."""

    product = models.ForeignKey(
        "catalogue.Product", on_delete=models.CASCADE, related_name="day_counts", verbose_name=_("Product")
    )
    day = models.DateField(_("Day"))
    ordered = models.PositiveIntegerField(_("Ordered"), default=0)

    class Meta:
        app_label = "partner"
        verbose_name = _("Product ordered per day")
        verbose_name_plural = _("Products ordered per day")
        constraints = [models.UniqueConstraint(fields=["product", "day"], name="product_day_count_unique")]

    def __str__(self) -> str:
        return f"{self.product_id} {self.day}: {self.ordered}"
