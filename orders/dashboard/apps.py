"""Dashboard pages where a merchant handles their shop's orders; merchants only.

Who may do what is read here: every page needs `partner.dashboard_access`, and every query is
scoped to the merchant's own shops (orders.selectors.orders_for_merchant); the failed-messages
pages are the town hall's. The board's feed (board_feed.py) is a merchant page like the board.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig


class OrderBoardDashboardConfig(OscarDashboardConfig):
    label = "order_board_dashboard"
    name = "orders.dashboard"
    verbose_name = _("Order board")

    default_permissions = ["partner.dashboard_access"]
    # The town hall watches messages that could not be sent, for every shop.
    permissions_map = {
        "outbox-failed": (["is_staff", "order.change_order"],),
        "outbox-resend": (["is_staff", "order.change_order"],),
    }

    def get_urls(self) -> list:
        # views need loaded models (Oscar's pattern)
        from orders.dashboard import board_feed, stranded_views, views

        urls = [
            path("", views.OrderBoardView.as_view(), name="order-board"),
            path("feed.json", board_feed.BoardFeedView.as_view(), name="order-board-feed"),
            path("preparation/", views.PreparationListView.as_view(), name="order-preparation"),
            path("stranded/", stranded_views.StrandedOrdersView.as_view(), name="order-stranded"),
            path("messages/failed/", views.FailedMessagesView.as_view(), name="outbox-failed"),
            path("messages/<int:pk>/resend/", views.MessageResendView.as_view(), name="outbox-resend"),
            path("<str:number>/", views.OrderHandleView.as_view(), name="order-handle"),
            path("<str:number>/<slug:action>/", views.OrderActionView.as_view(), name="order-action"),
        ]
        return self.post_process_urls(urls)
