"""The weighing of an order line sold by weight: its price per kg and portion as ordered, and the real
weight the shop entered when preparing it.

Registered through `orders.models`, which imports it (Django loads an app's models from there).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from shops.weighing import Weighed, price_for_grams


class LineWeighing(models.Model):
    """One weighed order line: the line's quantity counts portions (100 g steps, or pieces of about
    `piece_grams`); its price is the estimate until `real_grams` is entered, then the real price."""

    line = models.OneToOneField("order.Line", on_delete=models.CASCADE, related_name="weighing")
    price_per_kg = models.DecimalField(_("Price per kg"), max_digits=12, decimal_places=2)
    piece_grams = models.PositiveSmallIntegerField(_("Pieces of about (g)"), null=True, blank=True)
    # The line's price as placed (the estimate), kept so the real price can be compared to it.
    estimated_price = models.DecimalField(_("Estimated price"), max_digits=12, decimal_places=2)
    real_grams = models.PositiveIntegerField(_("Real weight (g)"), null=True, blank=True)
    weighed_at = models.DateTimeField(_("Weighed at"), null=True, blank=True)

    class Meta:
        app_label = "order"
        verbose_name = _("Weighed item")
        constraints = [
            models.CheckConstraint(condition=models.Q(real_grams__gt=0), name="real_weight_positive")
        ]

    def __str__(self) -> str:
        return f"{self.line_id} {self.real_grams or '?'} g"

    def weighed(self, quantity: int) -> Weighed:
        return Weighed(price_per_kg=self.price_per_kg, quantity=quantity, piece_grams=self.piece_grams)

    @property
    def item(self) -> Weighed:
        return self.weighed(self.line.quantity)

    @property
    def real_price(self) -> Decimal | None:
        if self.real_grams is None:
            return None
        return price_for_grams(self.price_per_kg, self.real_grams)
