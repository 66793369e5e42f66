"""App config of the forked order app: the resident's tracking pages."""

import oscar.apps.order.apps as apps
from django.urls import path


class OrdersConfig(apps.OrderConfig):
    name = "orders"
    namespace = "order"

    def ready(self) -> None:
        super().ready()
        from orders import holes, receivers  # noqa: F401 (the header's basket hole; the signal receivers)

    def get_urls(self) -> list:
        from orders import views  # views need loaded models (Oscar's pattern)

        urls = [
            path("track/<str:token>/", views.CheckoutTrackingView.as_view(), name="track"),
            path("track/<str:token>/status/", views.CheckoutStatusView.as_view(), name="track-status"),
            path("track/<str:token>/reorder/", views.CheckoutReorderView.as_view(), name="reorder"),
            path(
                "track/<str:token>/<str:number>/cancel/",
                views.OrderCancelByResidentView.as_view(),
                name="resident-cancel",
            ),
            path(
                "track/<str:token>/<str:number>/time/",
                views.OrderSlotChangeView.as_view(),
                name="resident-slot",
            ),
            path(
                "track/<str:token>/<str:number>/quantities/",
                views.OrderQuantitiesChangeView.as_view(),
                name="resident-quantities",
            ),
        ]
        return self.post_process_urls(urls)
