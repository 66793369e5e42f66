"""Dashboard pages of the town hall features: announcements, moderation, markets, merchants' posts;
and the town hall's own messages (a shop applied, townhall.messages).

Who may do what is read here, in `permissions_map`: the town hall (staff with partner.change_partner)
publishes announcements, hides posts and products, runs the markets; merchants (partner.dashboard_access)
write their own shop's posts.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig

from core.access import MERCHANT, TOWN_HALL


class TownHallDashboardConfig(OscarDashboardConfig):
    label = "townhall"
    name = "townhall"
    verbose_name = _("Town hall dashboard")

    default_permissions = ["is_staff"]
    permissions_map = {
        "announcement-list": TOWN_HALL,
        "announcement-create": TOWN_HALL,
        "announcement-update": TOWN_HALL,
        "announcement-delete": TOWN_HALL,
        "moderation": TOWN_HALL,
        "moderation-post-hide": TOWN_HALL,
        "moderation-product-hide": TOWN_HALL,
        "market-list": TOWN_HALL,
        "market-create": TOWN_HALL,
        "market-update": TOWN_HALL,
        "market-cancel-session": TOWN_HALL,
        "market-add-break": TOWN_HALL,
        "market-cancellation-delete": TOWN_HALL,
        "market-break-delete": TOWN_HALL,
        "post-list": MERCHANT,
        "post-create": MERCHANT,
        "post-update": MERCHANT,
        "post-delete": MERCHANT,
    }

    def ready(self) -> None:
        super().ready()
        from orders.message_context import outbox_messages_register
        from townhall import messages, receivers  # noqa: F401 (a new shop application)

        outbox_messages_register(
            app_config=self, prefix=messages.PREFIX, provider=messages.message_context, names=messages.NAMES
        )

    def get_urls(self) -> list:
        from townhall import dashboard_views as views  # views need loaded models (Oscar's pattern)
        from townhall import market_views  # views need loaded models (Oscar's pattern)

        urls = [
            path("announcements/", views.AnnouncementListView.as_view(), name="announcement-list"),
            path("announcements/new/", views.AnnouncementCreateView.as_view(), name="announcement-create"),
            path(
                "announcements/<int:pk>/", views.AnnouncementUpdateView.as_view(), name="announcement-update"
            ),
            path(
                "announcements/<int:pk>/delete/",
                views.AnnouncementDeleteView.as_view(),
                name="announcement-delete",
            ),
            path("moderation/", views.ModerationView.as_view(), name="moderation"),
            path(
                "moderation/posts/<int:pk>/hide/", views.PostHideView.as_view(), name="moderation-post-hide"
            ),
            path(
                "moderation/products/<int:pk>/hide/",
                views.ProductHideView.as_view(),
                name="moderation-product-hide",
            ),
            path("markets/", market_views.MarketListView.as_view(), name="market-list"),
            path("markets/new/", market_views.MarketCreateView.as_view(), name="market-create"),
            path("markets/<int:pk>/", market_views.MarketUpdateView.as_view(), name="market-update"),
            path(
                "markets/<int:pk>/cancel/",
                market_views.MarketCancellationCreateView.as_view(),
                name="market-cancel-session",
            ),
            path(
                "markets/<int:pk>/break/",
                market_views.MarketBreakCreateView.as_view(),
                name="market-add-break",
            ),
            path(
                "markets/cancellations/<int:pk>/delete/",
                market_views.MarketCancellationDeleteView.as_view(),
                name="market-cancellation-delete",
            ),
            path(
                "markets/breaks/<int:pk>/delete/",
                market_views.MarketBreakDeleteView.as_view(),
                name="market-break-delete",
            ),
            path("posts/", views.PostListView.as_view(), name="post-list"),
            path("posts/new/", views.PostCreateView.as_view(), name="post-create"),
            path("posts/<int:pk>/", views.PostUpdateView.as_view(), name="post-update"),
            path("posts/<int:pk>/delete/", views.PostDeleteView.as_view(), name="post-delete"),
        ]
        return self.post_process_urls(urls)
