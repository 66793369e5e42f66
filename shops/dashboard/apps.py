"""Dashboard pages about shops: the merchant's "My shop" and the town hall's application queue.

Who may do what is read here, in `permissions_map`: merchants (partner.dashboard_access) edit
their own shop; the town hall (partner.change_partner) reviews applications.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig


class ShopDashboardConfig(OscarDashboardConfig):
    label = "shop_dashboard"
    name = "shops.dashboard"
    verbose_name = _("Shop dashboard")

    default_permissions = ["is_staff"]
    permissions_map = {
        "shop-profile": (["partner.dashboard_access"],),
        "shop-application-list": (["is_staff", "partner.change_partner"],),
        "shop-application-detail": (["is_staff", "partner.change_partner"],),
    }

    def get_urls(self) -> list:
        from shops.dashboard import views

        urls = [
            path("mine/", views.ShopProfileView.as_view(), name="shop-profile"),
            path("applications/", views.ShopApplicationListView.as_view(), name="shop-application-list"),
            path(
                "applications/<int:pk>/",
                views.ShopApplicationDetailView.as_view(),
                name="shop-application-detail",
            ),
        ]
        return self.post_process_urls(urls)
