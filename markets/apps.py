"""App config of the markets: models, calendar rules and the public list of market sessions."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketsConfig(AppConfig):
    name = "markets"
    verbose_name = _("Markets")
