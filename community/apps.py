"""The merchants' space: who may open which dashboard page is read here.

Merchants (core.access.MERCHANT) read, post and answer; the town hall (core.access.TOWN_HALL, which
also holds the merchant permission) reads everything and alone hides posts and answers.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig

from core.access import MERCHANT, TOWN_HALL


class CommunityConfig(OscarDashboardConfig):
    label = "community"
    name = "community"
    verbose_name = _("Merchants' space")

    default_permissions = ["is_staff"]
    permissions_map = {
        "community-list": MERCHANT,
        "community-post": MERCHANT,
        "community-post-hide": TOWN_HALL,
        "community-reply-hide": TOWN_HALL,
    }

    def ready(self) -> None:
        super().ready()
        from community import messages
        from community.personal_data import community_export
        from core.personal_data import personal_data_register
        from orders.message_context import outbox_messages_register

        personal_data_register(section="merchants_space", export=community_export)

        outbox_messages_register(
            app_config=self, prefix=messages.PREFIX, provider=messages.message_context, names=messages.NAMES
        )

    def get_urls(self) -> list:
        from community import views

        urls = [
            path("", views.SpaceView.as_view(), name="community-list"),
            path("<int:pk>/", views.PostView.as_view(), name="community-post"),
            path("<int:pk>/hide/", views.HidePostView.as_view(), name="community-post-hide"),
            path("answers/<int:pk>/hide/", views.HideReplyView.as_view(), name="community-reply-hide"),
        ]
        return self.post_process_urls(urls)
