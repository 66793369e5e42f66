"""Dashboard pages about shops: the merchant's "My shop", getting-started guide, products and catalogue
import, and the town hall's application queue.

Who may do what is read here, in `permissions_map`: merchants (partner.dashboard_access) edit
their own shop and import into it; the town hall (staff with partner.change_partner) reviews
applications.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from oscar.core.application import OscarDashboardConfig

from core.access import MERCHANT, TOWN_HALL


class ShopDashboardConfig(OscarDashboardConfig):
    label = "shop_dashboard"
    name = "shops.dashboard"
    verbose_name = _("Shop dashboard")

    default_permissions = ["is_staff"]
    permissions_map = {
        "shop-profile": MERCHANT,
        "shop-today": MERCHANT,
        "shop-guide": MERCHANT,
        "catalogue-import": MERCHANT,
        "catalogue-import-confirm": MERCHANT,
        "catalogue-import-template": MERCHANT,
        "merchant-product-list": MERCHANT,
        "merchant-product-add": MERCHANT,
        "merchant-product-edit": MERCHANT,
        "merchant-product-price": MERCHANT,
        "merchant-product-stock": MERCHANT,
        "merchant-product-duplicate": MERCHANT,
        "merchant-product-hide": MERCHANT,
        "merchant-counter-offer": MERCHANT,
        "shop-application-list": TOWN_HALL,
        "shop-application-detail": TOWN_HALL,
        "shop-application-approve": TOWN_HALL,
        "shop-application-reject": TOWN_HALL,
        "shop-application-suspend": TOWN_HALL,
        "shop-application-reinstate": TOWN_HALL,
    }

    def get_urls(self) -> list:
        from shops.dashboard import (  # views need loaded models (Oscar's pattern)
            import_views,
            offer_views,
            product_views,
            views,
        )
        from shops.models import ShopEvent

        action_view = views.ShopApplicationActionView.as_view
        urls = [
            path("mine/", views.ShopProfileView.as_view(), name="shop-profile"),
            path("mine/today/", views.ShopTodayView.as_view(), name="shop-today"),
            path("mine/guide/", views.GuideView.as_view(), name="shop-guide"),
            path("mine/import/", import_views.CatalogueImportView.as_view(), name="catalogue-import"),
            path(
                "mine/import/confirm/",
                import_views.CatalogueImportConfirmView.as_view(),
                name="catalogue-import-confirm",
            ),
            path(
                "mine/import/template.<str:format>",
                import_views.CatalogueTemplateView.as_view(),
                name="catalogue-import-template",
            ),
            path("mine/products/", product_views.ProductListView.as_view(), name="merchant-product-list"),
            path("mine/products/add/", product_views.ProductFormView.as_view(), name="merchant-product-add"),
            path(
                "mine/products/<int:pk>/",
                product_views.ProductFormView.as_view(),
                name="merchant-product-edit",
            ),
            path(
                "mine/products/<int:pk>/price/",
                product_views.ProductInlineUpdateView.as_view(field="price"),
                name="merchant-product-price",
            ),
            path(
                "mine/products/<int:pk>/stock/",
                product_views.ProductInlineUpdateView.as_view(field="stock"),
                name="merchant-product-stock",
            ),
            path(
                "mine/products/<int:pk>/duplicate/",
                product_views.ProductDuplicateView.as_view(),
                name="merchant-product-duplicate",
            ),
            path(
                "mine/products/<int:pk>/hide/",
                product_views.ProductHideTodayView.as_view(),
                name="merchant-product-hide",
            ),
            path("mine/counter/", offer_views.CounterOfferView.as_view(), name="merchant-counter-offer"),
            path("applications/", views.ShopApplicationListView.as_view(), name="shop-application-list"),
            path(
                "applications/<int:pk>/",
                views.ShopApplicationDetailView.as_view(),
                name="shop-application-detail",
            ),
            path(
                "applications/<int:pk>/approve/",
                action_view(action=ShopEvent.Action.APPROVED),
                name="shop-application-approve",
            ),
            path(
                "applications/<int:pk>/reject/",
                action_view(action=ShopEvent.Action.REJECTED),
                name="shop-application-reject",
            ),
            path(
                "applications/<int:pk>/suspend/",
                action_view(action=ShopEvent.Action.SUSPENDED),
                name="shop-application-suspend",
            ),
            path(
                "applications/<int:pk>/reinstate/",
                action_view(action=ShopEvent.Action.REINSTATED),
                name="shop-application-reinstate",
            ),
        ]
        return self.post_process_urls(urls)
