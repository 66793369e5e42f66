"""Product browse and search for Oscar's haystack views, answered by the database.

Oscar 4.2 lists products through haystack (`search.views`, the old OSCAR_PRODUCT_SEARCH_HANDLER is
gone). Haystack's bundled simple backend flattens every filter into search words, so Oscar's browse
page finds nothing and search ignores `is_public`. This engine keeps Oscar's views, forms and
templates, and turns the haystack query (words, category filter, sort order, page slice) into one
ORM query over `shops.selectors.storefront_products()`: only products of approved shops are listed,
and the page's products arrive with stock records and shops prefetched. Words are matched by the
storefront search (`textsearch`: accents, plurals, typos, category and trade), best match first
unless the resident picked another order. A page costs one count and one query for its rows:
haystack asks for the count first, and the page reuses it.
"""

from __future__ import annotations

import hashlib
import operator
from contextvars import ContextVar
from functools import reduce

from django.core.cache import cache
from django.db.models import Exists, Min, OuterRef, Q, QuerySet
from django.utils import timezone
from haystack.backends import SQ, SearchNode
from haystack.backends.simple_backend import SimpleEngine, SimpleSearchBackend, SimpleSearchQuery
from haystack.inputs import AutoQuery
from haystack.models import SearchResult
from haystack.utils.loading import UnifiedIndex
from oscar.apps.search.search_indexes import ProductIndex
from oscar.core.loading import get_model

from catalogue.freshness import catalogue_generation
from shops.selectors import food_q, storefront_products
from textsearch import selectors as textsearch

ProductCategory = get_model("catalogue", "ProductCategory")

# Oscar's sort options, named after index fields, mapped to what the database can order by.
SORT_FIELDS = {
    "title_exact": "title",
    "title_s": "title",
    "date_created": "date_created",
    "rating": "rating",
    "price": "sort_price",
}
# A cached count is for one catalogue generation; this only bounds how long an unused one stays.
COUNT_SECONDS = 3600
# Filters Oscar always adds; `storefront_products()` already applies them (public, not a child).
IMPLIED_FIELDS = {"is_public", "structure"}


# The products of the page the backend just read: haystack's `load_all` asks the index to load them
# again by primary key (a second product query and all its prefetches); they are handed over instead.
_page_products: ContextVar[dict[int, object] | None] = ContextVar("storefront_page_products", default=None)


class PageProducts:
    """What `SearchQuerySet._load_model_objects` calls (`in_bulk`), answered from the page just read."""

    def in_bulk(self, pks: list[int]) -> dict[int, object]:
        loaded = _page_products.get() or {}
        if all(pk in loaded for pk in pks):
            return {pk: loaded[pk] for pk in pks}
        return storefront_products().in_bulk(pks)


class StorefrontProductIndex(ProductIndex):
    """Oscar's product index, reading only products residents may see, ready for product cards."""

    def index_queryset(self, using: str | None = None) -> QuerySet:
        return storefront_products()

    def read_queryset(self, using: str | None = None) -> PageProducts:
        return PageProducts()


class StorefrontUnifiedIndex(UnifiedIndex):
    def collect_indexes(self) -> list:
        return [StorefrontProductIndex()]


def words_of(node: SearchNode) -> str:
    """The resident's words in the filter tree (Oscar puts them in one `content` filter)."""
    found = []
    for child in node.children:
        if isinstance(child, SearchNode):
            found.append(words_of(child))
        elif child[0].partition("__")[0] in ("content", "text"):
            value = child[1]
            found.append(value.query_string if isinstance(value, AutoQuery) else str(value))
    return " ".join(part for part in found if part)


def filter_q(expression: str, value: object) -> Q:
    field, _, lookup = expression.partition("__")
    if field in ("content", "text"):
        return Q()  # matched by the storefront search, with its ranking (StorefrontSearchBackend)
    if field == "category":
        category_ids = value if lookup == "in" else [value]
        return Q(Exists(ProductCategory.objects.filter(product=OuterRef("pk"), category__in=category_ids)))
    if field == "without":  # catalogue.food_filters: free of this allergen, as declared
        return food_q(without=[str(value)], labels=[])
    if field == "label":
        return food_q(without=[], labels=[str(value)])
    if field in IMPLIED_FIELDS:
        return Q()
    raise ValueError(f"The storefront search cannot filter on {expression!r}")


def node_q(node: SearchNode) -> Q:
    """The haystack filter tree (AND/OR/NOT of field filters) as a Django Q."""
    parts = [node_q(child) if isinstance(child, SearchNode) else filter_q(*child) for child in node.children]
    combine = operator.or_ if node.connector == SQ.OR else operator.and_
    condition = reduce(combine, parts, Q())
    return ~condition if node.negated and parts else condition


def ordered(products: QuerySet, sort_by: list[str] | None) -> QuerySet:
    fields = []
    for sort in sort_by or ():
        descending = sort.startswith("-")
        field = SORT_FIELDS.get(sort.lstrip("-"))
        if field:
            fields.append(f"-{field}" if descending else field)
    if "sort_price" in {f.lstrip("-") for f in fields}:
        products = products.annotate(sort_price=Min("stockrecords__price"))
    return products.order_by(*fields, "title", "pk")


class StorefrontSearchQuery(SimpleSearchQuery):
    # Haystack's paginator asks for the count (running the query for one row), then resets the query
    # and runs it again for the page: the count found first is handed to that second run.
    _known_hits: int | None = None

    def build_params(self, spelling_query: str | None = None) -> dict:
        # The backend needs the filter tree itself, not the flattened string `build_query` makes.
        return {
            **super().build_params(spelling_query),
            "query_filter": self.query_filter,
            "known_hits": self._known_hits,
        }

    def get_count(self) -> int:
        if self._hit_count is None:
            self._hit_count = self._known_hits = self.backend.count(query_filter=self.query_filter)
        return self._hit_count

    def get_facet_counts(self) -> dict:
        # No facets here: Oscar's view asks anyway, which ran the whole search a second time.
        return {}

    def _clone(self, klass: type | None = None, using: str | None = None) -> StorefrontSearchQuery:
        clone = super()._clone(klass=klass, using=using)
        clone._known_hits = self._known_hits
        return clone


def matched_products(query_filter: SearchNode | None, sort_by: list[str] | None = None) -> QuerySet:
    products = storefront_products()
    words = ""
    if query_filter is not None:
        products = products.filter(node_q(query_filter))
        words = words_of(query_filter)
    found = textsearch.plan(words) if words.strip() else None
    if found is not None and not found.empty:
        products = textsearch.matching(products, found)
        if not sort_by:  # Oscar's "relevance": the storefront search's own order
            return products.order_by("search_place", "-search_rank", "search_document__title", "pk")
    elif found is not None:
        return products.none()  # only stop words or signs: nothing to look for
    return ordered(products, sort_by)


class StorefrontSearchBackend(SimpleSearchBackend):
    def count(self, *, query_filter: SearchNode | None = None) -> int:
        """How many products match: counted once per catalogue generation and filter (a count over
        25,000 products took 70–95 ms; the page's rows read an index instead)."""
        # Today's date too: a product its merchant hid for today comes back tomorrow without a save.
        scope = f"{catalogue_generation()}|{timezone.localdate()}|{query_filter!r}"
        key = "listing-count:" + hashlib.sha1(scope.encode()).hexdigest()
        hits = cache.get(key)
        if hits is None:
            hits = matched_products(query_filter).order_by().count()
            cache.set(key, hits, COUNT_SECONDS)
        return hits

    def search(
        self,
        query_string: str,
        *,
        query_filter: SearchNode | None = None,
        start_offset: int = 0,
        end_offset: int | None = None,
        sort_by: list[str] | None = None,
        result_class: type[SearchResult] | None = None,
        known_hits: int | None = None,
        **kwargs,
    ) -> dict:
        products = matched_products(query_filter, sort_by)
        hits = products.order_by().count() if known_hits is None else known_hits
        page = list(products[start_offset:end_offset]) if hits else []
        _page_products.set({product.pk: product for product in page})
        result_class = result_class or SearchResult
        results = []
        for product in page:
            result = result_class(product._meta.app_label, product._meta.model_name, product.pk, 0)
            result._model = type(product)
            result._object = product
            results.append(result)
        return {"results": results, "hits": hits}


class StorefrontSearchEngine(SimpleEngine):
    backend = StorefrontSearchBackend
    query = StorefrontSearchQuery
    unified_index = StorefrontUnifiedIndex
