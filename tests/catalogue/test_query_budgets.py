"""Query budgets of the storefront pages: the same number of queries for one row or fifty, at most 15.

Each page is fetched (after a first, warming fetch: caches filled as they would be in production)
with one shop, product and basket line, then with fifty of each; the queries of the second fetch are
counted. A loop over rows that queries per row makes the fifty-row count larger and fails here.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model
from PIL import Image

from shops.factories import ProductFactory, ShopCategoryFactory, ShopFactory

pytestmark = pytest.mark.django_db

Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")

BUDGET = 15
# A resident with a basket, page drawn: Oscar's BasketMiddleware loads the basket with its lines and
# applies the offers and vouchers on every page (8 queries whatever the page). Served from the page
# cache with their own header (core/holes.py) a resident's page reads 1 to 3 (tests/core/test_holes.py).
BASKET_OVERHEAD = 8


def picture() -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "orange").save(buffer, "JPEG")
    return ContentFile(buffer.getvalue(), name="picture.jpg")


def storefront(rows: int) -> dict[str, str]:
    """`rows` shops of one trade, `rows` products of one shop in one category, each with a picture."""
    trade = ShopCategoryFactory(name="Fromagerie", slug="fromagerie")
    shops = [ShopFactory(name=f"Fromagerie {n}", category=trade) for n in range(rows)]
    category = Category.add_root(name="Fromages", slug="fromages")
    products = []
    for n in range(rows):
        product = ProductFactory(title=f"Fromage {n}", shop=shops[0])
        ProductCategory.objects.create(product=product, category=category)
        ProductImage.objects.create(product=product, original=picture(), display_order=0)
        products.append(product)
    return {
        "home": reverse("home"),
        "directory": reverse("shops:directory"),
        "shop": reverse("shops:detail", kwargs={"slug": shops[0].code}),
        "listing": reverse("catalogue:index"),
        "category": category.get_absolute_url(),
        "search": reverse("search:search") + "?q=fromage",
        "suggestions": reverse("search-suggestions") + "?q=from",
        "product": products[0].get_absolute_url(),
        "basket": reverse("basket:summary"),
        "_products": [product.pk for product in products],
    }


def queries(client: Client, url: str) -> int:
    assert client.get(url).status_code == 200  # warm: templates, caches, session
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    # Reads only: ATOMIC_REQUESTS wraps each view in a savepoint inside the test's transaction (a
    # BEGIN/COMMIT in production), which says nothing of how many rows a page reads.
    return sum(not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT")) for query in captured)


def with_basket(client: Client, product_ids: list[int]) -> None:
    for pk in product_ids:
        response = client.post(reverse("basket:add", kwargs={"pk": pk}), {"quantity": 1})
        assert response.status_code == 302


PAGES = ["home", "directory", "shop", "listing", "category", "search", "suggestions", "product", "basket"]


@pytest.fixture
def count_for(settings) -> Callable[[int, bool], dict[str, int]]:
    # What a page reads when it is drawn: the page cache would answer with no query at all (and draw
    # again, reading, when the minute in its key turns between the warming and the counted fetch).
    settings.PAGE_CACHE_VIEWS = []

    def count(rows: int, basket: bool) -> dict[str, int]:
        cache.clear()
        urls = storefront(rows)
        client = Client()
        if basket:
            with_basket(client, urls["_products"])
        return {page: queries(client, urls[page]) for page in PAGES}

    return count


@pytest.mark.parametrize("basket", [False, True], ids=["anonymous", "with a basket"])
def test_each_page_reads_the_same_queries_for_one_or_fifty_rows(count_for, basket: bool) -> None:
    with transaction.atomic():  # the one-row town is undone before the fifty-row one is built
        one = count_for(1, basket)
        transaction.set_rollback(True)
    fifty = count_for(50, basket)
    print({page: (one[page], fifty[page]) for page in PAGES})
    assert {page: fifty[page] for page in PAGES} == one
    assert max(fifty.values()) <= BUDGET + (BASKET_OVERHEAD if basket else 0), fifty
