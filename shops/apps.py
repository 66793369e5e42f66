"""App config of the forked partner app: the shop, its hours and its directory."""

import oscar.apps.partner.apps as apps
from django.urls import path
from django.utils.translation import gettext_lazy as _


class ShopsConfig(apps.PartnerConfig):
    name = "shops"
    label = "partner"
    verbose_name = _("Shops")
    namespace = "shops"

    def get_urls(self) -> list:
        from . import joining, views  # views need loaded models (Oscar's pattern)

        urls = [
            path("", views.ShopDirectoryView.as_view(), name="directory"),
            path("join/", joining.ShopApplicationView.as_view(), name="apply"),
            path("join/thanks/", joining.ShopApplicationDoneView.as_view(), name="apply-done"),
            # Two segments, so no shop's address (one slug) can ever take it.
            path("login/next/", views.after_login, name="after-login"),
            path("<slug:slug>/", views.ShopDetailView.as_view(), name="detail"),
        ]
        return self.post_process_urls(urls)
