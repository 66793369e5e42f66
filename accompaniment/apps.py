"""Accompanying merchants (the town's digital corner): who may open which page is read here.

The town-centre manager and the town hall (core.access.TOWN_CORNER) see every merchant's standing,
record help and act for a merchant in help mode; merchants (core.access.MERCHANT) grant or withdraw
their consent and see what was done for them.
"""

from django.db.models.signals import post_migrate
from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig

from core.access import MERCHANT, TOWN_CORNER


def _groups(sender, **kwargs) -> None:
    from accompaniment.roles import ensure_town_centre_manager_group

    ensure_town_centre_manager_group()


class AccompanimentConfig(OscarDashboardConfig):
    label = "accompaniment"
    name = "accompaniment"
    verbose_name = _("Accompanying merchants")

    default_permissions = ["is_staff"]
    permissions_map = {
        "corner-merchant-list": TOWN_CORNER,
        "corner-merchant-detail": TOWN_CORNER,
        "corner-help-start": TOWN_CORNER,
        "corner-help-stop": TOWN_CORNER,
        "corner-help-product": TOWN_CORNER,
        "corner-my-help": MERCHANT,
        "corner-consent": MERCHANT,
    }

    def ready(self) -> None:
        super().ready()
        post_migrate.connect(_groups, sender=self)

    def get_urls(self) -> list:
        from accompaniment import views

        urls = [
            path("merchants/", views.MerchantListView.as_view(), name="corner-merchant-list"),
            path("merchants/<int:pk>/", views.MerchantDetailView.as_view(), name="corner-merchant-detail"),
            path(
                "merchants/<int:pk>/help/start/",
                views.HelpSessionStartView.as_view(),
                name="corner-help-start",
            ),
            path(
                "merchants/<int:pk>/help/stop/", views.HelpSessionStopView.as_view(), name="corner-help-stop"
            ),
            path(
                "merchants/<int:pk>/help/product/",
                views.HelpProductCreateView.as_view(),
                name="corner-help-product",
            ),
            path("my-help/", views.MyHelpView.as_view(), name="corner-my-help"),
            path("my-help/consent/", views.ConsentView.as_view(), name="corner-consent"),
        ]
        return self.post_process_urls(urls)
