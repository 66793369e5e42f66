"""Allergen and label filters on the catalogue, a category and search results: GET checkboxes, no script."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from shops.factories import ProductFactory, ShopFactory
from shops.models import ProductDetails

ProductCategory = get_model("catalogue", "ProductCategory")


@pytest.fixture
def breads(db):
    shop = ShopFactory(name="Au Pain")
    made = {
        "Pain de seigle bio": {"allergens": "|gluten|", "labels": "|bio|"},
        "Pain sans gluten": {"allergens": "|eggs|", "labels": "|bio|homemade|"},
        "Pain au lait": {"allergens": "|gluten|milk|", "labels": ""},
        "Pain mystère": None,  # nothing declared: never listed as free of anything
    }
    category = create_from_breadcrumbs("Boulangerie > Pains")
    products = {}
    for title, declared in made.items():
        product = ProductFactory(shop=shop, title=title)
        ProductCategory.objects.create(product=product, category=category)
        if declared is not None:
            ProductDetails.objects.create(product=product, **declared)
        products[title] = product
    return {"category": category, **products}


def titles(response) -> set[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return {
        h3.get_text(strip=True)
        for h3 in soup.select(".product-grid h3, ol h3, ul h3")
        if "Pain" in h3.get_text()
    }


def test_the_catalogue_filters_by_allergen_and_label_with_plain_get_checkboxes(client, breads):
    everything = client.get(reverse("catalogue:index"))
    assert titles(everything) == {"Pain de seigle bio", "Pain sans gluten", "Pain au lait", "Pain mystère"}
    page = everything.content.decode()
    assert re.search(r'<input type="checkbox" name="without" value="gluten"', page)
    assert re.search(r'<input type="checkbox" name="label" value="bio"', page)

    assert titles(client.get(reverse("catalogue:index"), {"without": "gluten"})) == {"Pain sans gluten"}
    assert titles(client.get(reverse("catalogue:index"), {"label": "bio"})) == {
        "Pain de seigle bio",
        "Pain sans gluten",
    }
    both = client.get(reverse("catalogue:index"), {"label": ["bio", "homemade"], "without": "milk"})
    assert titles(both) == {"Pain sans gluten"}
    assert 'value="homemade" checked' in both.content.decode()  # the page says what is ticked


def test_a_category_page_filters_too(client, breads):
    url = breads["category"].get_absolute_url()
    assert titles(client.get(url, {"without": "milk"})) == {"Pain de seigle bio", "Pain sans gluten"}


def test_search_results_filter_and_keep_the_words(client, breads):
    response = client.get(reverse("search:search"), {"q": "pain", "without": "gluten"})
    assert titles(response) == {"Pain sans gluten"}
    html = response.content.decode()
    assert '<input type="hidden" name="q" value="pain">' in html
    assert "1 product found" in html


def test_an_unknown_code_is_ignored_rather_than_an_error(client, breads):
    response = client.get(reverse("catalogue:index"), {"without": "kryptonite", "label": "<b>"})
    assert response.status_code == 200 and len(titles(response)) == 4
