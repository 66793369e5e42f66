"""The digital corner's pages for people not online, on the dashboard; the town hall and the
town-centre manager only (core.access.TOWN_CORNER)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig

from core.access import TOWN_CORNER


class BehalfOrderDashboardConfig(OscarDashboardConfig):
    label = "behalf_order_dashboard"
    name = "checkout.corner"
    verbose_name = _("Ordering for people not online")

    default_permissions = TOWN_CORNER

    def get_urls(self) -> list:
        from checkout.corner import views  # once the apps are ready

        urls = [
            path("", views.CornerPeopleView.as_view(), name="behalf-people"),
            path("new/", views.CornerPersonFormView.as_view(), name="behalf-person-create"),
            path("<int:person_pk>/", views.CornerPersonView.as_view(), name="behalf-person"),
            path("<int:person_pk>/edit/", views.CornerPersonFormView.as_view(), name="behalf-person-edit"),
            path(
                "<int:person_pk>/relatives/<int:relative_pk>/remove/",
                views.CornerRelativeRemoveView.as_view(),
                name="behalf-relative-remove",
            ),
            path(
                "<int:person_pk>/order/<int:shop_pk>/", views.CornerOrderView.as_view(), name="behalf-order"
            ),
            path(
                "<int:person_pk>/summary/<str:reference>/",
                views.CornerSummaryView.as_view(),
                name="behalf-summary",
            ),
            path(
                "order-form/<int:shop_pk>.pdf",
                views.CornerOrderFormPdfView.as_view(),
                name="behalf-order-form-pdf",
            ),
        ]
        return self.post_process_urls(urls)
