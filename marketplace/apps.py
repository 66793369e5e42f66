"""App config of the project package itself: context processors, commands, town-hall concerns."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = _("Marketplace")

    def ready(self) -> None:
        from . import receivers  # noqa: F401
