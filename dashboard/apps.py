"""Fork of Oscar's dashboard: adds the shop pages, the order board and the town hall's oversight."""

import oscar.apps.dashboard.apps as apps
from django.apps import apps as django_apps
from django.urls import include, path


class DashboardConfig(apps.DashboardConfig):
    name = "dashboard"

    def ready(self) -> None:
        super().ready()
        self.shop_app = django_apps.get_app_config("shop_dashboard")
        self.order_board_app = django_apps.get_app_config("order_board_dashboard")
        self.phone_order_app = django_apps.get_app_config("phone_order_dashboard")
        self.behalf_order_app = django_apps.get_app_config("behalf_order_dashboard")
        self.pickup_point_app = django_apps.get_app_config("pickup_point_dashboard")
        self.townhall_app = django_apps.get_app_config("townhall")
        self.oversight_app = django_apps.get_app_config("oversight")
        self.gift_vouchers_app = django_apps.get_app_config("gift_vouchers_dashboard")
        self.accompaniment_app = django_apps.get_app_config("accompaniment")
        self.workshops_app = django_apps.get_app_config("workshops")
        self.surveys_app = django_apps.get_app_config("surveys")
        self.community_app = django_apps.get_app_config("community")

    def get_urls(self) -> list:
        return [
            path("shop/", include(self.shop_app.urls[0])),
            path("board/phone-order/", include(self.phone_order_app.urls[0])),
            path("board/", include(self.order_board_app.urls[0])),
            path("pickup-point/", include(self.pickup_point_app.urls[0])),
            path("townhall/", include(self.townhall_app.urls[0])),
            path("oversight/", include(self.oversight_app.urls[0])),
            path("gift-vouchers/", include(self.gift_vouchers_app.urls[0])),
            path("corner/people/", include(self.behalf_order_app.urls[0])),
            path("corner/", include(self.accompaniment_app.urls[0])),
            path("workshops/", include(self.workshops_app.urls[0])),
            path("surveys/", include(self.surveys_app.urls[0])),
            path("merchants-space/", include(self.community_app.urls[0])),
            *super().get_urls(),
        ]
