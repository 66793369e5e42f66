"""App config of the forked checkout: one page, then the tracking page of the checkout."""

import oscar.apps.checkout.apps as apps
from django.urls import path


class CheckoutConfig(apps.CheckoutConfig):
    name = "checkout"

    def ready(self) -> None:
        # Oscar's multi-step views (shipping address, method, payment) are replaced by ours.
        from checkout.personal_data import relative_erase, relative_export
        from core.personal_data import personal_data_register

        personal_data_register(section="ordering_for_others", export=relative_export, erase=relative_erase)

    def get_urls(self) -> list:
        from checkout import (
            behalf_views,
            views,  # views need loaded models (Oscar's pattern)
        )

        urls = [
            path("", views.CheckoutView.as_view(), name="index"),
            # A relative ordering for a person not online who agreed to it (their account only).
            path("for/", behalf_views.RelativePeopleView.as_view(), name="behalf-people"),
            path("for/<int:person_pk>/", behalf_views.RelativePersonView.as_view(), name="behalf-person"),
            path(
                "for/<int:person_pk>/order/<int:shop_pk>/",
                behalf_views.RelativeOrderView.as_view(),
                name="behalf-order",
            ),
            path(
                "for/<int:person_pk>/summary/<str:reference>/",
                behalf_views.RelativeSummaryView.as_view(),
                name="behalf-summary",
            ),
        ]
        return self.post_process_urls(urls)

    def get_url_decorator(self, pattern):
        return None  # residents may check out as guests, with email and phone
