"""Storefront search pages: Oscar's search results with shops and "did you mean", and the
autocomplete JSON the header's search box reads."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from oscar.apps.search.views.search import FacetedSearchView
from oscar.core.loading import get_model

from catalogue.food_filters import FoodFiltersMixin
from catalogue.freshness import catalogue_generation
from shops.models import Partner
from shops.selectors import sold_on_storefront_q, storefront_shops
from textsearch import selectors
from textsearch.normalise import fold

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")

SHOPS_ON_RESULTS = 6
SUGGESTED_PRODUCTS = 6
SUGGESTED_SHOPS = 3
MIN_SUGGEST_LETTERS = 2
SUGGESTIONS_SECONDS = 3600  # keys change with the catalogue's generation; this only bounds unused ones


def shops_matching(query: str, *, limit: int, shops: QuerySet | None = None) -> list:
    found = selectors.plan(query)
    if found.empty:
        return []
    shops = storefront_shops() if shops is None else shops
    return list(
        selectors.matching(shops, found).order_by(
            "search_place", "-search_rank", "search_document__title", "pk"
        )[:limit]
    )


class SearchView(FoodFiltersMixin, FacetedSearchView):
    """Products matching the resident's words, with the shops they name above them. When nothing is
    found: close words to try ("Vouliez-vous dire …") and the shops of the trade the words point to."""

    def get_context_data(self, *args: object, **kwargs: object) -> dict:
        context = super().get_context_data(*args, **kwargs)
        query = context.get("query") or ""
        context["products"] = [result.object for result in context["page_obj"].object_list]
        query_without_page = self.request.GET.copy()
        query_without_page.pop("page", None)
        context["query_without_page"] = query_without_page.urlencode()
        context["shops_found"] = shops_matching(query, limit=SHOPS_ON_RESULTS) if query.strip() else []
        nothing = query.strip() and not context["paginator"].count and not context["shops_found"]
        context["did_you_mean"] = selectors.did_you_mean(query) if nothing else []
        context["trades"] = selectors.trades_for(query) if nothing else []
        return context


@require_GET
@cache_control(max_age=60, public=True)
def suggestions(request: HttpRequest) -> JsonResponse:
    """Up to six products and three shops whose words start like the query, for the search box."""
    query = request.GET.get("q", "")[:100]
    if len(query.strip()) < MIN_SUGGEST_LETTERS:
        return JsonResponse({"products": [], "shops": []})
    # Answers are cached per catalogue generation (any product or shop change starts a new one).
    key = (
        "suggest:"
        + hashlib.sha1(
            f"{catalogue_generation()}|{get_language()}|{' '.join(fold(query).split())}".encode()
        ).hexdigest()
    )
    data = cache.get(key)
    if data is None:
        data = suggestions_for(query)
        cache.set(key, data, SUGGESTIONS_SECONDS)
    return JsonResponse(data)


def suggestions_for(query: str) -> dict:
    found = selectors.plan(query)
    if found.empty:
        return {"products": [], "shops": []}
    # Each product with its shop's name: three bakers' "Croissant pur beurre" are told apart.
    shop_name = StockRecord.objects.filter(product=OuterRef("pk")).values("partner__name")[:1]
    products = (
        selectors.matching(
            Product.objects.browsable().filter(sold_on_storefront_q()).only("pk", "title", "slug"), found
        )
        .annotate(shop_name=Subquery(shop_name))
        .order_by("search_place", "-search_rank", "search_document__title", "pk")[:SUGGESTED_PRODUCTS]
    )
    shops = shops_matching(
        query,
        limit=SUGGESTED_SHOPS,
        shops=Partner.objects.on_storefront()
        .select_related("category")
        .only("name", "code", "category__name"),
    )
    return {
        "products": [
            {"title": product.title, "shop": product.shop_name or "", "url": product.get_absolute_url()}
            for product in products
        ],
        "shops": [
            {
                "name": shop.name,
                "trade": shop.category.name if shop.category_id else "",
                "url": reverse("shops:detail", kwargs={"slug": shop.code}),
            }
            for shop in shops
        ],
    }
