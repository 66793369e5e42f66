"""The oversight dashboard's URLs and who may open them: the town hall only.

Town hall members are staff with `partner.change_partner` (core/roles.py gives it to the
"Town hall" group); merchants hold only `partner.dashboard_access` and residents are not staff.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig

from core.access import TOWN_HALL


class OversightDashboardConfig(OscarDashboardConfig):
    label = "oversight"
    name = "oversight"
    verbose_name = _("Oversight dashboard")

    default_permissions = TOWN_HALL
    permissions_map = {
        "oversight-index": TOWN_HALL,
        "oversight-export": TOWN_HALL,
        "oversight-audit": TOWN_HALL,
        "oversight-audit-export": TOWN_HALL,
    }

    def get_urls(self) -> list:
        from oversight import views  # views need loaded models (Oscar's pattern)

        urls = [
            path("", views.OversightView.as_view(), name="oversight-index"),
            path("export/<slug:table>.csv", views.ExportView.as_view(), name="oversight-export"),
            path("log/", views.AuditLogView.as_view(), name="oversight-audit"),
            path("log.csv", views.AuditExportView.as_view(), name="oversight-audit-export"),
        ]
        return self.post_process_urls(urls)
