"""The product details model: what a food shop says of one product beyond Oscar's fields.

Registered through `shops.models`, which imports it (Django loads an app's models from there).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProductDetails(models.Model):
    """What a food shop says of one product beyond Oscar's fields: unit, allergens, labels, availability.

    One row per product, kept beside Oscar's Product (whose migrations are Oscar's). Allergens and
    labels are stored as codes between bars ("|gluten|milk|") so one `contains` filters them on
    SQLite and PostgreSQL alike; `product_details.py` names the codes and reads them.
    """

    class Unit(models.TextChoices):
        PIECE = "piece", _("per piece")
        KG = "kg", _("per kg")
        HUNDRED_G = "100g", _("per 100 g")
        LITRE = "litre", _("per litre")
        BUNCH = "bunch", _("per bunch")
        DOZEN = "dozen", _("per dozen")
        JAR = "jar", _("per jar")
        PORTION = "portion", _("per portion")

    product = models.OneToOneField(
        "catalogue.Product", on_delete=models.CASCADE, related_name="details", verbose_name=_("Product")
    )
    unit = models.CharField(_("Unit"), max_length=10, choices=Unit.choices, default=Unit.PIECE)
    allergens = models.CharField(_("Allergens"), max_length=200, blank=True, default="")
    labels = models.CharField(_("Labels"), max_length=100, blank=True, default="")
    # "Hide for today": hidden from the storefront while this is today's date, back the next morning.
    hidden_on = models.DateField(_("Hidden on"), null=True, blank=True)
    # Days of the week it is sold, as digits (0 = Monday): "5" for Saturdays only; all seven by default.
    weekdays = models.CharField(_("Days sold"), max_length=7, default="0123456")
    preparation_hours = models.PositiveSmallIntegerField(
        _("Preparation time (hours)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(24 * 14)],
        help_text=_("Leave empty to use your shop's preparation time."),
    )
    daily_cap = models.PositiveIntegerField(
        _("At most per day"), null=True, blank=True, help_text=_("Leave empty for no daily limit.")
    )
    preorder_from = models.DateField(_("Orders taken from"), null=True, blank=True)
    preorder_until = models.DateField(_("Orders taken until"), null=True, blank=True)
    # Sold by weight (unit "kg"): the price is per kg and the resident orders about so many grams, in
    # 100 g steps, or, when this is set, pieces of about this weight (a steak of about 250 g).
    piece_grams = models.PositiveSmallIntegerField(
        _("Pieces of about (g)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(10), MaxValueValidator(5000)],
        help_text=_(
            "Sold by the kg in pieces (steaks, chops): their usual weight. Empty: by weight, 100 g at a time."
        ),
    )

    class Meta:
        app_label = "partner"
        verbose_name = _("Product details")
        verbose_name_plural = _("Product details")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(preorder_until__isnull=True)
                | models.Q(preorder_from__isnull=True)
                | models.Q(preorder_until__gte=models.F("preorder_from")),
                name="product_details_preorder_window_ordered",
            )
        ]

    def __str__(self) -> str:
        return str(self.product_id)

    @property
    def sold_by_weight(self) -> bool:
        """Priced per kg and weighed when prepared (shops.weighing)."""
        return self.unit == self.Unit.KG
