"""A merchant can never create or rename a storefront-wide category, by any route it can reach.

One test per route: the merchant's quick product form, the spreadsheet import, Oscar's product form,
Oscar's category dashboard (create, create a child, rename) and the Django admin. Each checks the
storefront's categories are exactly what they were.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from shops.factories import ProductClassFactory, ShopCategoryFactory, ShopFactory, make_merchant

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")


@pytest.fixture
def shop(db):
    bakery = ShopCategoryFactory(name="Boulangerie-pâtisserie", slug="boulangerie-patisserie")
    create_from_breadcrumbs("Boulangerie-pâtisserie > Pains")
    return ShopFactory(name="Au Pain", category=bakery)


@pytest.fixture
def merchant(shop) -> Client:
    client = Client()
    client.force_login(make_merchant(shop))
    return client


def categories() -> list[tuple[str, str]]:
    return sorted(Category.objects.values_list("name", "slug"))


def test_the_quick_form_refuses_a_category_it_does_not_offer(merchant):
    before = categories()
    response = merchant.post(
        reverse("dashboard:merchant-product-add"),
        {"title": "Pain", "price": "1", "stock": "1", "unit": "piece", "category": "Promo du jour"},
    )
    assert response.status_code == 400
    assert categories() == before


def test_the_import_refuses_a_category_instead_of_creating_it(merchant):
    before = categories()
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(
        [["nom", "prix", "stock", "catégorie"], ["Croissant", "1,10", "30", "Promo du jour"],
         ["Chausson", "1,40", "30", "Boulangerie-pâtisserie > Promo du jour"]]
    )  # fmt: skip
    upload = SimpleUploadedFile("p.csv", buffer.getvalue().encode())
    page = merchant.post(reverse("dashboard:catalogue-import"), {"file": upload}).content.decode()
    assert "is not a category of your trade" in page
    merchant.post(reverse("dashboard:catalogue-import-confirm"))
    assert categories() == before
    assert not Product.objects.exists()


def test_oscars_product_form_takes_only_existing_categories(merchant):
    before = categories()
    product_class = ProductClassFactory()
    url = reverse("dashboard:catalogue-product-create", kwargs={"product_class_slug": product_class.slug})
    merchant.post(
        url,
        {
            "title": "Pain",
            "categories-TOTAL_FORMS": "1", "categories-INITIAL_FORMS": "0",
            "categories-0-category": "Promo du jour",
            "stockrecords-TOTAL_FORMS": "1", "stockrecords-INITIAL_FORMS": "0",
            "stockrecords-0-partner_sku": "P1", "stockrecords-0-price": "1",
            "stockrecords-0-num_in_stock": "1",
            "images-TOTAL_FORMS": "0", "images-INITIAL_FORMS": "0",
            "recommended_products-TOTAL_FORMS": "0", "recommended_products-INITIAL_FORMS": "0",
            "attributes-TOTAL_FORMS": "0", "attributes-INITIAL_FORMS": "0",
        },
    )  # fmt: skip
    assert categories() == before


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [("catalogue-category-create", {}), ("catalogue-category-create-child", "parent"),
     ("catalogue-category-update", "self")],
)  # fmt: skip
def test_the_category_dashboard_refuses_merchants(merchant, name, kwargs):
    pains = Category.objects.get(name="Pains")
    if kwargs == "parent":
        kwargs = {"parent": pains.pk}
    elif kwargs == "self":
        kwargs = {"pk": pains.pk}
    before = categories()
    response = merchant.post(
        reverse(f"dashboard:{name}", kwargs=kwargs),
        {"name": "Promo du jour", "_position": "first-child", "_ref_node_id": "", "is_public": "on"},
    )
    assert response.status_code in (302, 403)
    assert "login" in response.get("Location", "login") or response.status_code == 403
    assert categories() == before


@pytest.mark.parametrize("url_name", ["admin:catalogue_category_add", "admin:catalogue_category_change"])
def test_the_admin_refuses_merchants(merchant, url_name):
    pains = Category.objects.get(name="Pains")
    url = reverse(url_name, args=[pains.pk] if url_name.endswith("change") else [])
    before = categories()
    response = merchant.post(url, {"name": "Promo du jour", "_position": "first-child", "_ref_node_id": ""})
    assert response.status_code in (302, 403)
    assert categories() == before
