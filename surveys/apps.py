"""Consulting residents: who may open which dashboard page is read here (the digital corner only)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig

from core.access import TOWN_CORNER


class SurveysConfig(OscarDashboardConfig):
    label = "surveys"
    name = "surveys"
    verbose_name = _("Surveys")

    default_permissions = ["is_staff"]
    permissions_map = {
        "survey-list": TOWN_CORNER,
        "survey-create": TOWN_CORNER,
        "survey-detail": TOWN_CORNER,
        "survey-settings": TOWN_CORNER,
        "survey-invite": TOWN_CORNER,
    }

    def ready(self) -> None:
        super().ready()
        from core.personal_data import personal_data_register
        from orders.message_context import outbox_messages_register
        from surveys import messages
        from surveys.personal_data import responses_erase, responses_export

        personal_data_register(section="survey_answers", export=responses_export, erase=responses_erase)

        outbox_messages_register(
            app_config=self, prefix=messages.PREFIX, provider=messages.message_context, names=messages.NAMES
        )

    def get_urls(self) -> list:
        from surveys import views

        urls = [
            path("", views.SurveyListView.as_view(), name="survey-list"),
            path("new/", views.SurveyCreateView.as_view(), name="survey-create"),
            path("<int:pk>/", views.SurveyDetailView.as_view(), name="survey-detail"),
            path("<int:pk>/settings/", views.SurveySettingsView.as_view(), name="survey-settings"),
            path("<int:pk>/invite/", views.SurveyInviteView.as_view(), name="survey-invite"),
        ]
        return self.post_process_urls(urls)
