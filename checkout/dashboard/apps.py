"""The phone order page on the merchant's order board; merchants only, each for their own shop."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig

from core.access import MERCHANT


class PhoneOrderDashboardConfig(OscarDashboardConfig):
    label = "phone_order_dashboard"
    name = "checkout.dashboard"
    verbose_name = _("Phone orders")

    default_permissions = MERCHANT

    def get_urls(self) -> list:
        from checkout.dashboard import views  # Oscar's pattern: views load once the apps are ready

        return self.post_process_urls([path("", views.PhoneOrderView.as_view(), name="order-phone")])
