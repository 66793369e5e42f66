"""Every merchant's standing: right figures, and the same number of queries for 1 or 20 shops."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from oscar.core.loading import get_model

from accompaniment.selectors import merchant_standings
from shops.factories import ProductFactory, ShopFactory, make_merchant

pytestmark = pytest.mark.django_db
ProductImage = get_model("catalogue", "ProductImage")


def test_figures_of_a_shop():
    shop = ShopFactory(name="Fromagerie")
    with_photo = ProductFactory(shop=shop, stock=0)
    ProductImage.objects.create(product=with_photo, original="x.jpg", display_order=0)
    ProductFactory(shop=shop, stock=0)
    merchant = make_merchant(shop)
    merchant.last_login = timezone.now()
    merchant.save()
    ShopFactory(name="Vide", hours=False)

    by_name = {s.name: s for s in merchant_standings(now=timezone.now())}
    assert (by_name["Fromagerie"].products_online, by_name["Fromagerie"].products_with_photo) == (2, 1)
    assert by_name["Fromagerie"].products_in_stock == 0
    assert by_name["Fromagerie"].has_hours and by_name["Fromagerie"].last_login is not None
    assert by_name["Vide"].products_online == 0 and not by_name["Vide"].has_hours


def test_constant_number_of_queries():
    ShopFactory()
    with CaptureQueriesContext(connection) as one:
        merchant_standings(now=timezone.now())
    for _ in range(20):
        make_merchant(ProductFactory().stockrecords.first().partner)
    with CaptureQueriesContext(connection) as many:
        assert len(merchant_standings(now=timezone.now() + dt.timedelta(days=1))) == 21
    assert len(many) == len(one) == 1
