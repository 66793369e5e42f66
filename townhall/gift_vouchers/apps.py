"""The town hall's gift voucher pages (issue, and what was issued, spent and left) and who may open them.

Oscar's own voucher dashboard still lists every voucher (suspend, change dates, export a set's
codes); these pages add what it lacks: issuing by amount and category, and the reimbursement report.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig

from core.access import TOWN_HALL


class GiftVouchersDashboardConfig(OscarDashboardConfig):
    label = "gift_vouchers_dashboard"
    name = "townhall.gift_vouchers"
    verbose_name = _("Gift vouchers")

    default_permissions = TOWN_HALL
    permissions_map = {
        "gift-voucher-report": TOWN_HALL,
        "gift-voucher-issue": TOWN_HALL,
    }

    def get_urls(self) -> list:
        from townhall.gift_vouchers import views  # views need loaded models (Oscar's pattern)

        urls = [
            path("", views.ReportView.as_view(), name="gift-voucher-report"),
            path("issue/", views.IssueView.as_view(), name="gift-voucher-issue"),
        ]
        return self.post_process_urls(urls)
