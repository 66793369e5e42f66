"""Workshops and help sessions: who may open which dashboard page is read here.

The digital corner (core.access.TOWN_CORNER) publishes workshops, signs people up by phone and records
attendance; merchants (core.access.MERCHANT) see the workshops for them and sign up.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig

from core.access import MERCHANT, TOWN_CORNER


class WorkshopsConfig(OscarDashboardConfig):
    label = "workshops"
    name = "workshops"
    verbose_name = _("Workshops")

    default_permissions = ["is_staff"]
    permissions_map = {
        "workshop-list": TOWN_CORNER,
        "workshop-create": TOWN_CORNER,
        "workshop-update": TOWN_CORNER,
        "workshop-detail": TOWN_CORNER,
        "workshop-attendance": TOWN_CORNER,
        "workshop-mine": MERCHANT,
    }

    def ready(self) -> None:
        super().ready()
        from core.personal_data import personal_data_register
        from orders.message_context import outbox_messages_register
        from workshops import holes, messages  # noqa: F401 (the sign-up hole)
        from workshops.personal_data import registrations_erase, registrations_export

        personal_data_register(section="workshops", export=registrations_export, erase=registrations_erase)

        outbox_messages_register(
            app_config=self, prefix=messages.PREFIX, provider=messages.message_context, names=messages.NAMES
        )

    def get_urls(self) -> list:
        from workshops import views

        urls = [
            path("", views.WorkshopDashboardListView.as_view(), name="workshop-list"),
            path("new/", views.WorkshopCreateView.as_view(), name="workshop-create"),
            path("<int:pk>/", views.WorkshopDetailView.as_view(), name="workshop-detail"),
            path("<int:pk>/edit/", views.WorkshopUpdateView.as_view(), name="workshop-update"),
            path(
                "registrations/<int:pk>/attendance/",
                views.AttendanceView.as_view(),
                name="workshop-attendance",
            ),
            path("for-merchants/", views.MerchantWorkshopsView.as_view(), name="workshop-mine"),
        ]
        return self.post_process_urls(urls)
