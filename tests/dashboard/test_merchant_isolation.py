"""Merchant isolation in Oscar's dashboard: shop B's merchant never reaches, lists or counts shop A's data."""

import csv
import io

import pytest
from django.apps import apps
from django.urls import URLPattern, reverse
from oscar.core.loading import get_model

from orders.factories import create_shop_order
from shops.factories import ProductFactory

Order = get_model("order", "Order")
OrderNote = get_model("order", "OrderNote")
Product = get_model("catalogue", "Product")
ShippingAddress = get_model("order", "ShippingAddress")

MERCHANT_APPS = ("orders_dashboard", "catalogue_dashboard")
TOWN_HALL_APPS = (
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
# URL parameters that name one shop's object: a product, an order, one of its lines or notes.
OBJECT_PARAMS = {"pk", "parent_pk", "number", "line_id", "note_id"}


def dashboard_patterns(*labels: str) -> list[tuple[str, tuple[str, ...]]]:
    """(URL name, parameter names) of every URL the given Oscar dashboard apps declare."""
    return [
        (pattern.name, tuple(pattern.pattern.regex.groupindex))
        for label in labels
        for pattern in apps.get_app_config(label).get_urls()
        if isinstance(pattern, URLPattern)
    ]


def is_product_or_order_url(name: str) -> bool:
    return name.startswith(("order-", "catalogue-product")) and name != "catalogue-product-create-child"


def url_of(name: str, params: tuple[str, ...], values: dict) -> str:
    return reverse(f"dashboard:{name}", kwargs={param: values.get(param, "1") for param in params})


def object_values(world) -> dict:
    return {
        "pk": world.product.pk,
        "parent_pk": world.product.pk,
        "number": world.order.number,
        "line_id": world.order.lines.get().pk,
        "note_id": world.note.pk,
    }


# A POST that would change shop A's objects if any view let it through.
TAKEOVER = {
    "title": "Taken over",
    "order_action": "delete_note",
    "first_name": "Taken",
    "last_name": "Over",
    "line1": "1 rue du Vol",
    "line4": "Paris",
    "postcode": "75001",
    "country": "FR",
}

OBJECT_URLS = [
    (name, params)
    for name, params in dashboard_patterns(*MERCHANT_APPS)
    if OBJECT_PARAMS & set(params) and is_product_or_order_url(name)
]


def test_every_product_and_order_object_url_is_covered():
    assert {name for name, _ in OBJECT_URLS} == {
        "order-detail",
        "order-detail-note",
        "order-line-detail",
        "order-shipping-address",
        "catalogue-product",
        "catalogue-product-delete",
    }


@pytest.mark.parametrize(("name", "params"), OBJECT_URLS, ids=[name for name, _ in OBJECT_URLS])
def test_merchant_b_gets_404_on_shop_a_objects(shop_a, shop_b, name, params):
    url = url_of(name, params, object_values(shop_a))
    client = shop_b.client()

    assert client.get(url).status_code == 404
    # 405: the line page only answers GET, whoever asks.
    assert client.post(url, {**TAKEOVER, "note_id": shop_a.note.pk}).status_code in (404, 405)

    shop_a.product.refresh_from_db()
    assert shop_a.product.title == "Product of shop A"
    assert shop_a.order.notes.filter(pk=shop_a.note.pk).exists()
    assert ShippingAddress.objects.get(order=shop_a.order).line1 != "1 rue du Vol"


@pytest.mark.parametrize(("name", "params"), OBJECT_URLS, ids=[name for name, _ in OBJECT_URLS])
def test_merchant_a_reaches_the_same_urls_for_their_own_objects(shop_a, name, params):
    assert shop_a.client().get(url_of(name, params, object_values(shop_a))).status_code == 200


def test_merchant_a_can_delete_their_own_note_with_the_same_post(shop_a):
    url = reverse("dashboard:order-detail", kwargs={"number": shop_a.order.number})
    response = shop_a.client().post(url, {**TAKEOVER, "note_id": shop_a.note.pk})

    assert response.status_code == 302
    assert not shop_a.order.notes.filter(pk=shop_a.note.pk).exists()


def test_merchant_a_can_edit_their_order_shipping_address(shop_a):
    url = reverse("dashboard:order-shipping-address", kwargs={"number": shop_a.order.number})
    response = shop_a.client().post(url, {**TAKEOVER, "line1": "3 rue Neuve"})

    assert response.status_code == 302
    assert ShippingAddress.objects.get(order=shop_a.order).line1 == "3 rue Neuve"


def test_merchant_a_can_delete_their_own_product(shop_a):
    url = reverse("dashboard:catalogue-product-delete", kwargs={"pk": shop_a.product.pk})

    assert shop_a.client().post(url).status_code == 302
    assert not Product.objects.filter(pk=shop_a.product.pk).exists()


# Scoped to the merchant's own shop: tests/dashboard/test_stock_alerts.py.
MERCHANT_LISTS = ("stock-alert-list",)
TOWN_HALL_URLS = [
    (name, params)
    for name, params in dashboard_patterns(*TOWN_HALL_APPS, *MERCHANT_APPS)
    if not is_product_or_order_url(name) and name not in MERCHANT_LISTS
]


def test_merchant_is_refused_every_town_hall_area(shop_a, shop_b):
    """Users, shops, offers, vouchers, pages, reviews, ranges, messages, reports, shipping, categories…

    One test over every URL (GET and POST), listing all that answer otherwise than 403.
    """
    client = shop_b.client()
    answers = {}
    for name, params in TOWN_HALL_URLS:
        url = url_of(name, params, {"pk": shop_a.shop.pk, "partner_pk": shop_a.shop.pk})
        answers[f"GET {name}"] = client.get(url).status_code
        answers[f"POST {name}"] = client.post(url, TAKEOVER).status_code

    assert len(answers) > 140
    assert {request: status for request, status in answers.items() if status != 403} == {}


def test_product_list_shows_only_the_merchants_products(shop_a, shop_b):
    response = shop_b.client().get(reverse("dashboard:catalogue-product-list"))

    assert response.status_code == 200
    assert "Product of shop B" in response.text
    assert "Product of shop A" not in response.text


def test_product_search_by_title_does_not_find_another_shops_products(shop_a, shop_b):
    response = shop_b.client().get(reverse("dashboard:catalogue-product-list"), {"title": "Product of shop"})

    assert "Product of shop B" in response.text
    assert "Product of shop A" not in response.text


def test_product_lookup_lists_only_the_merchants_products(shop_a, shop_b):
    response = shop_b.client().get(reverse("dashboard:catalogue-product-lookup"), {"q": "Product"})

    assert [row["text"] for row in response.json()["results"]] == ["Product of shop B"]


def test_bulk_action_on_another_shops_product_changes_nothing(shop_a, shop_b):
    client = shop_b.client()
    response = client.post(
        reverse("dashboard:catalogue-product-list"),
        {"action": "make_products_non_public", "selected_product": [shop_a.product.pk]},
    )

    assert response.status_code == 302
    shop_a.product.refresh_from_db()
    assert shop_a.product.is_public


def test_order_list_shows_only_the_merchants_orders(shop_a, shop_b):
    response = shop_b.client().get(reverse("dashboard:order-list"))

    assert response.status_code == 200
    assert [order.number for order in response.context["orders"]] == [shop_b.order.number]


def test_order_number_search_does_not_open_another_shops_order(shop_a, shop_b):
    response = shop_b.client().get(reverse("dashboard:order-list"), {"order_number": shop_a.order.number})

    assert response.status_code == 200
    assert list(response.context["orders"]) == []


def test_order_csv_export_holds_only_the_merchants_orders(shop_a, shop_b):
    response = shop_b.client().get(reverse("dashboard:order-list"), {"response_format": "csv"})

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == [shop_b.order.number]


def test_selected_orders_download_skips_another_shops_order(shop_a, shop_b):
    response = shop_b.client().post(
        reverse("dashboard:order-list"),
        {"action": "download_selected_orders", "selected_order": [shop_a.order.pk, shop_b.order.pk]},
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == [shop_b.order.number]


def test_bulk_status_change_of_another_shops_order_changes_nothing(shop_a, shop_b):
    status_before = shop_a.order.status
    shop_b.client().post(
        reverse("dashboard:order-list"),
        {"action": "change_order_statuses", "selected_order": [shop_a.order.pk], "new_status": "Cancelled"},
    )

    shop_a.order.refresh_from_db()
    assert shop_a.order.status == status_before


def test_order_statistics_count_only_the_merchants_orders(shop_a, shop_b):
    create_shop_order(shop=shop_a.shop, products=[shop_a.product], quantity=3)

    response = shop_b.client().get(reverse("dashboard:order-stats"))

    assert response.status_code == 200
    assert response.context["total_orders"] == 1
    assert response.context["total_lines"] == 1
    assert response.context["total_revenue"] == shop_b.order.total_incl_tax


def test_dashboard_index_counts_only_the_merchants_data(shop_a, shop_b):
    create_shop_order(shop=shop_a.shop, products=[shop_a.product], quantity=3)

    response = shop_b.client().get(reverse("dashboard:index"))

    assert response.status_code == 200
    assert response.context["total_orders"] == 1
    assert response.context["total_orders_last_day"] == 1
    assert response.context["total_products"] == 1
    assert response.context["total_revenue"] == shop_b.order.total_incl_tax
    assert response.context["total_customers"] == 1


def test_order_without_a_shop_is_hidden_from_the_merchant_whose_lines_it_holds(shop_a):
    """Oscar showed an order to every partner with a line in it (issue #2240); ours go by Order.shop."""
    order = create_shop_order(shop=shop_a.shop, products=[shop_a.product])
    Order.objects.filter(pk=order.pk).update(shop=None)
    client = shop_a.client()

    listed = client.get(reverse("dashboard:order-list")).context["orders"]

    assert client.get(reverse("dashboard:order-detail", kwargs={"number": order.number})).status_code == 404
    assert order.number not in [listed_order.number for listed_order in listed]
    assert client.get(reverse("dashboard:order-stats")).context["total_orders"] == 1
    assert client.get(reverse("dashboard:index")).context["total_orders"] == 1


@pytest.fixture
def shared_product(shop_a, shop_b) -> Product:
    """A product stocked by both shops, as only the town hall could set up (Oscar issue #2324)."""
    product = ProductFactory(shop=shop_a.shop, title="Shared product")
    product.stockrecords.create(partner=shop_b.shop, partner_sku="SHARED-B", price="3.00", num_in_stock=4)
    return product


@pytest.mark.parametrize("name", ["catalogue-product", "catalogue-product-delete"])
def test_product_stocked_by_another_shop_is_out_of_reach(shared_product, shop_a, name):
    url = reverse(f"dashboard:{name}", kwargs={"pk": shared_product.pk})
    client = shop_a.client()

    assert client.get(url).status_code == 404
    assert client.post(url, TAKEOVER).status_code == 404
    shared_product.refresh_from_db()
    assert shared_product.title == "Shared product"


def test_product_stocked_by_another_shop_is_not_listed(shared_product, shop_a):
    response = shop_a.client().get(reverse("dashboard:catalogue-product-list"))

    assert "Product of shop A" in response.text
    assert "Shared product" not in response.text


def test_parent_product_with_a_variant_of_another_shop_is_out_of_reach(shop_a, shop_b):
    parent = Product.objects.create(
        title="Parent", structure=Product.PARENT, product_class=shop_a.product.product_class
    )
    ProductFactory(shop=shop_a.shop, parent=parent, structure=Product.CHILD, title="")
    ProductFactory(shop=shop_b.shop, parent=parent, structure=Product.CHILD, title="")

    response = shop_a.client().get(reverse("dashboard:catalogue-product", kwargs={"pk": parent.pk}))

    assert response.status_code == 404


def test_oscar_status_forms_cannot_bypass_our_services_even_on_the_merchants_own_order(shop_b):
    """Setting "Cancelled" or "Collected" by Oscar's forms would skip the refund, the stock and slot
    release, the pickup code and the resident's message: only our order page changes states."""
    status_before = shop_b.order.status
    client = shop_b.client()
    order_page = reverse("dashboard:order-detail", kwargs={"number": shop_b.order.number})

    client.post(
        reverse("dashboard:order-list"),
        {"action": "change_order_statuses", "selected_order": [shop_b.order.pk], "new_status": "Cancelled"},
    )
    client.post(order_page, {"order_action": "change_order_status", "new_status": "Collected"})
    line_statuses = {"line_action": "change_line_statuses", "selected_line": [shop_b.order.lines.get().pk]}
    client.post(order_page, {**line_statuses, "new_status": "Cancelled"})

    shop_b.order.refresh_from_db()
    assert shop_b.order.status == status_before
    assert "change_order_status" not in client.get(order_page).text
    assert 'value="change_order_statuses"' not in client.get(reverse("dashboard:order-list")).text
