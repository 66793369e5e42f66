"""Town hall members use the whole dashboard; staff outside the group get no further than its index."""

import re

import pytest
from django.apps import apps
from django.urls import URLPattern, reverse

OSCAR_DASHBOARD_APPS = (
    "catalogue_dashboard",
    "orders_dashboard",
    "users_dashboard",
    "partners_dashboard",
    "offers_dashboard",
    "vouchers_dashboard",
    "pages_dashboard",
    "reviews_dashboard",
    "ranges_dashboard",
    "communications_dashboard",
    "reports_dashboard",
    "shipping_dashboard",
)
PAGES_WITHOUT_PARAMETERS = [
    pattern.name
    for label in OSCAR_DASHBOARD_APPS
    for pattern in apps.get_app_config(label).get_urls()
    if isinstance(pattern, URLPattern) and not pattern.pattern.regex.groupindex
]
MAIN_PAGES = [
    "index",
    "catalogue-product-list",
    "stock-alert-list",
    "catalogue-category-list",
    "catalogue-class-list",
    "order-list",
    "order-stats",
    "users-index",
    "partner-list",
    "offer-list",
    "voucher-list",
    "page-list",
    "range-list",
    "reviews-list",
    "comms-list",
    "reports-index",
    "shipping-method-list",
]


@pytest.mark.parametrize("name", MAIN_PAGES)
def test_town_hall_opens_the_main_dashboard_pages(town_hall_client, name):
    assert town_hall_client.get(reverse(f"dashboard:{name}")).status_code == 200


def test_town_hall_is_refused_no_dashboard_page(town_hall_client):
    """Some pages redirect (a wizard step, a bulk action without selection), none refuses or fails."""
    answers = {
        name: town_hall_client.get(reverse(f"dashboard:{name}")).status_code
        for name in PAGES_WITHOUT_PARAMETERS
    }

    assert {name: status for name, status in answers.items() if status not in (200, 302)} == {}


def test_town_hall_opens_any_shops_product_and_order(town_hall_client, shop_a, shop_b):
    order = shop_a.order
    urls = [
        reverse("dashboard:catalogue-product", kwargs={"pk": shop_b.product.pk}),
        reverse("dashboard:order-detail", kwargs={"number": order.number}),
        reverse(
            "dashboard:order-line-detail", kwargs={"number": order.number, "line_id": order.lines.get().pk}
        ),
        reverse("dashboard:order-shipping-address", kwargs={"number": order.number}),
    ]

    assert [town_hall_client.get(url).status_code for url in urls] == [200, 200, 200, 200]


def test_town_hall_lists_and_counts_every_shops_orders(town_hall_client, shop_a, shop_b):
    listed = town_hall_client.get(reverse("dashboard:order-list")).context["orders"]
    stats = town_hall_client.get(reverse("dashboard:order-stats")).context

    assert {order.number for order in listed} == {shop_a.order.number, shop_b.order.number}
    assert stats["total_orders"] == 2


def test_town_hall_sees_every_shops_products(town_hall_client, shop_a, shop_b):
    response = town_hall_client.get(reverse("dashboard:catalogue-product-list"))

    assert "Product of shop A" in response.text
    assert "Product of shop B" in response.text


def test_plain_staff_gets_the_index_and_nothing_else(plain_staff_client):
    """Oscar 4.2 asks model permissions on top of is_staff: those come with the town hall group."""
    answers = {
        name: plain_staff_client.get(reverse(f"dashboard:{name}")).status_code
        for name in PAGES_WITHOUT_PARAMETERS
    }

    assert plain_staff_client.get(reverse("dashboard:index")).status_code == 200
    assert {name: status for name, status in answers.items() if status != 403} == {}


def test_plain_staff_cannot_open_a_shops_order(plain_staff_client, shop_a):
    url = reverse("dashboard:order-detail", kwargs={"number": shop_a.order.number})

    assert plain_staff_client.get(url).status_code == 403


@pytest.mark.french
def test_the_town_halls_dashboard_home_starts_with_the_applications_waiting(town_hall_client):
    from shops.factories import ShopFactory
    from shops.models import Partner

    ShopFactory(approval=Partner.Approval.PENDING)
    ShopFactory(approval=Partner.Approval.PENDING)
    ShopFactory()  # approved: nothing to review

    page = town_hall_client.get(reverse("dashboard:index")).content.decode()

    start = re.search(r'<nav class="dashboard-start"[^>]*>(.*?)</nav>', page, re.S).group(1)
    assert "2 demandes de commerce à examiner" in start
    assert reverse("dashboard:shop-application-list") in start
    assert reverse("dashboard:oversight-index") in start
