"""The dashboard's order list reads the same number of queries for one order or five, each with
several items: a total says "about" while weighed items are unweighed (orders.templatetags.order_total),
which reads each order's lines and their weighing, prefetched once for the page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orders.factories import create_shop_order
from shops.factories import ProductFactory, ShopFactory, make_merchant

pytestmark = pytest.mark.django_db


def queries_for_the_list(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("dashboard:order-list")).status_code == 200
    return len(queries)


def test_the_order_list_reads_the_same_queries_for_one_order_or_five(client) -> None:
    shop = ShopFactory()
    products = [ProductFactory(shop=shop) for _ in range(3)]
    client.force_login(make_merchant(shop))
    create_shop_order(shop=shop, products=products)
    queries_for_the_list(client)  # the session and the dashboard's menus read once
    one = queries_for_the_list(client)

    for _ in range(4):
        create_shop_order(shop=shop, products=products)
    five = queries_for_the_list(client)

    assert five == one
