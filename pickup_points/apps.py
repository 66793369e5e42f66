"""Dashboard pages of a town pickup point's staff: what waits at their point, and handing it over.

Who may do what is read here: every page needs `partner.pickup_point_access` (the pickup point
staff group), and every query is scoped to the points the user works at (pickup_points.selectors).
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig

from core.access import PICKUP_POINT_STAFF


class PickupPointDashboardConfig(OscarDashboardConfig):
    label = "pickup_point_dashboard"
    name = "pickup_points"
    verbose_name = _("Pickup point")

    default_permissions = PICKUP_POINT_STAFF[0]
    permissions_map = {
        "pickup-point-waiting": PICKUP_POINT_STAFF,
        "pickup-point-hand-over": PICKUP_POINT_STAFF,
    }

    def get_urls(self) -> list:
        from pickup_points import views  # views need loaded models (Oscar's pattern)

        urls = [
            path("", views.WaitingView.as_view(), name="pickup-point-waiting"),
            path("<str:reference>/hand-over/", views.HandOverView.as_view(), name="pickup-point-hand-over"),
        ]
        return self.post_process_urls(urls)
