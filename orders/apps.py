"""App config of the forked order app: the resident's tracking pages."""

import oscar.apps.order.apps as apps
from django.urls import path


class OrdersConfig(apps.OrderConfig):
    name = "orders"
    namespace = "order"

    def ready(self) -> None:
        super().ready()
        # shops cannot import orders: it says its times changed, and orders answers what that hits.
        from orders.stranded import times_changed_receiver
        from shops.signals import shop_times_changed

        shop_times_changed.connect(times_changed_receiver, dispatch_uid="orders-stranded")

    def get_urls(self) -> list:
        from orders import views

        urls = [
            path("track/<str:token>/", views.CheckoutTrackingView.as_view(), name="track"),
            path("track/<str:token>/status/", views.CheckoutStatusView.as_view(), name="track-status"),
            path("track/<str:token>/reorder/", views.CheckoutReorderView.as_view(), name="reorder"),
            path(
                "track/<str:token>/<str:number>/cancel/",
                views.OrderCancelByResidentView.as_view(),
                name="resident-cancel",
            ),
        ]
        return self.post_process_urls(urls)
