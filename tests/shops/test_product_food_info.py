"""Food information on the storefront: allergens, labels and availability on the product page, the
shop page's filters, and the French placeholder of a product without photo."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from shops.factories import ProductFactory, ShopFactory
from shops.models import ProductDetails
from shops.product_details import Availability, availability_lines, is_sold_on


@pytest.fixture
def shop(db):
    return ShopFactory(name="Au Pain")


def details(product, **fields) -> ProductDetails:
    return ProductDetails.objects.create(product=product, **fields)


def test_the_product_page_shows_allergens_labels_and_availability_in_french(shop, client):
    cake = ProductFactory(shop=shop, title="Fraisier", price=Decimal("28"))
    details(cake, allergens="|eggs|gluten|milk|", labels="|homemade|", weekdays="5", preparation_hours=48,
            daily_cap=6, preorder_until=dt.date(2026, 12, 22))  # fmt: skip
    page = client.get(cake.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Gluten, Œufs, Lait" in page
    assert "Fait maison" in page
    assert "samedi" in page
    assert "au moins 48 heures" in page
    assert "6 par jour" in page
    assert "22 décembre" in page


def test_a_product_without_details_shows_no_food_section(shop, client):
    bread = ProductFactory(shop=shop, title="Baguette")
    assert "food-info" not in client.get(bread.get_absolute_url()).content.decode()


def test_a_product_without_photo_shows_a_french_placeholder_not_oscars(shop, client):
    bread = ProductFactory(shop=shop, title="Baguette")
    for url in (bread.get_absolute_url(), reverse("shops:detail", kwargs={"slug": shop.slug})):
        page = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        assert "Photo à venir" in page, url
        assert "image_not_found" not in page, url


def test_the_shop_page_filters_out_an_allergen_and_keeps_a_label(shop, client):
    bread = ProductFactory(shop=shop, title="Baguette")
    details(bread, allergens="|gluten|", labels="|bio|")
    apple = ProductFactory(shop=shop, title="Compote")
    details(apple, labels="|bio|")
    ProductFactory(shop=shop, title="Mystère")  # nothing declared: never listed as free of anything
    url = reverse("shops:detail", kwargs={"slug": shop.slug})
    page = client.get(url, {"without": "gluten"}).content.decode()
    assert "Compote" in page and "Baguette" not in page and "Mystère" not in page
    page = client.get(url, {"label": "bio"}).content.decode()
    assert "Compote" in page and "Baguette" in page and "Mystère" not in page


def test_availability_reads_as_short_sentences_and_decides_the_days():
    rules = Availability(
        weekdays="56", preorder_from=dt.date(2026, 12, 1), preorder_until=dt.date(2026, 12, 22)
    )
    with translation.override("en"):
        assert availability_lines(rules)[0] == "Sold on: Saturday, Sunday."
    assert is_sold_on(rules, dt.date(2026, 12, 19))  # a Saturday in the window
    assert not is_sold_on(rules, dt.date(2026, 12, 18))  # a Friday
    assert not is_sold_on(rules, dt.date(2026, 12, 26))  # a Saturday after the window
    assert availability_lines(Availability()) == []
