"""App config of the project package itself: context processors, commands, town-hall concerns."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = _("Marketplace")

    def ready(self) -> None:
        from django.apps import apps

        from catalogue.search_views import SearchView

        from . import receivers  # noqa: F401

        # Oscar's search app builds its URL from this attribute (set in its own ready(), which runs
        # before ours, the project being installed last): the page keeps Oscar's URL and name
        # (search:search), answered by the storefront's search view.
        apps.get_app_config("search").search_view = SearchView
