"""The merchants' space: who may open which dashboard page is read here.

Merchants (core.access.MERCHANT) read, post and answer; the town hall (core.access.TOWN_HALL, which
also holds the merchant permission) reads everything and alone hides posts and answers.
"""

from django.db.models.signals import post_migrate
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
        from orders.message_context import outbox_context_provider_register

        outbox_context_provider_register(prefix=messages.PREFIX, provider=messages.message_context)
        post_migrate.connect(messages.event_types_ensure, sender=self)

    def get_urls(self) -> list:
        from community import views

        urls = [
            path("", views.SpaceView.as_view(), name="community-list"),
            path("<int:pk>/", views.PostView.as_view(), name="community-post"),
            path("<int:pk>/hide/", views.HidePostView.as_view(), name="community-post-hide"),
            path("answers/<int:pk>/hide/", views.HideReplyView.as_view(), name="community-reply-hide"),
        ]
        return self.post_process_urls(urls)
