"""Order models: Oscar's, with the shop that must prepare the order."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from oscar.apps.order.abstract_models import AbstractOrder


class Order(AbstractOrder):
    # One shop per order (DESIGN.md): merchants see only their shop's orders, whole.
    shop = models.ForeignKey(
        "partner.Partner",
        verbose_name=_("Shop"),
        on_delete=models.PROTECT,
        related_name="orders",
        null=True,
        blank=True,
    )


from oscar.apps.order.models import *  # noqa: E402, F403 (Oscar's fork pattern: the rest of the models)
