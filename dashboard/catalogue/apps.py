"""App config of the forked catalogue dashboard: merchants also open their own shop's stock alerts."""

import oscar.apps.dashboard.catalogue.apps as apps
from oscar.core.loading import get_class


class CatalogueDashboardConfig(apps.CatalogueDashboardConfig):
    name = "dashboard.catalogue"

    def configure_permissions(self) -> None:
        super().configure_permissions()
        DashboardPermission = get_class("dashboard.permissions", "DashboardPermission")
        # Oscar's dashboard index shows merchants their alerts and links here; the view scopes the list.
        self.permissions_map["stock-alert-list"] = (
            self.permissions_map["stock-alert-list"],
            DashboardPermission.partner_dashboard_access,
        )
