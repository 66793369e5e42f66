"""Fork of Oscar's catalogue views: a product page is found only while an approved shop sells it; a
category page is read, never posted to."""

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from oscar.apps.catalogue import views as oscar_views
from oscar.apps.catalogue.views import *  # noqa: F403 (Oscar's fork pattern)
from oscar.core.loading import get_model

from catalogue.food_filters import FoodFiltersMixin
from shops.selectors import is_sold_on_storefront

StockRecord = get_model("partner", "StockRecord")


class ProductDetailView(oscar_views.ProductDetailView):
    def get_queryset(self) -> QuerySet:
        # What the page shows, read once: its price box, shop link, gallery and options each read
        # these again per use otherwise (21 queries a page before, see tests/catalogue/test_query_budgets.py).
        return (
            super()
            .get_queryset()
            .select_related("product_class", "parent", "details", "counter_offer")
            .prefetch_related(
                Prefetch("stockrecords", queryset=StockRecord.objects.select_related("partner__category")),
                "images",
                "product_options",
                "product_class__options",
                "attribute_values__attribute",
                "categories",
            )
        )

    def is_viewable(self, product, request: HttpRequest) -> bool:
        # Lists and search hide a pending, rejected or suspended shop's products, and those hidden
        # for today, by the same rule; their page offered a stock alert and linked to the shop's
        # page, which is not found (for staff too).
        return super().is_viewable(product, request) and is_sold_on_storefront(product)


class CatalogueView(FoodFiltersMixin, oscar_views.CatalogueView):
    """All products, with the allergen and label filters."""


class ProductCategoryView(FoodFiltersMixin, oscar_views.ProductCategoryView):
    # Oscar finds the category in get() only, so a POST (its search form uses GET) reached the form
    # without one: AttributeError, a 500. Reading is all this page does.
    http_method_names = ["get", "head", "options"]
