"""Bad input is answered 4xx with a reason, never 500: NUL bytes, a tampered basket form, a counter race."""

import pytest
from django.db import connection, transaction
from django.urls import reverse
from oscar.core.loading import get_model

from core.analytics import counter_update
from shops.factories import ProductFactory, ShopFactory, make_merchant

ProductRecord = get_model("analytics", "ProductRecord")
Line = get_model("basket", "Line")


@pytest.fixture
def product(db):
    return ProductFactory(shop=ShopFactory(name="Fournil"), title="Baguette", stock=5)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/orders/track/abc%00def/",
        "/orders/track/abc/status/?x=%00",
        "/payments/pay/tok%00en/",
        "/search/?q=pain%00",
        "/catalogue/?q=%00",
        "/shops/fournil%00/",
        "/dashboard/board/%00/",
        "/dashboard/catalogue/products/?title=%00",
        "/accounts/login/?next=/%00",
        "/%00",
    ],
)
def test_a_nul_byte_in_the_path_or_a_query_is_refused_with_400(client, url):
    response = client.get(url)

    assert response.status_code == 400
    assert "NUL" in response.content.decode()


@pytest.mark.django_db
def test_a_nul_byte_in_a_form_value_or_name_is_refused_with_400(client):
    assert client.post(reverse("shops:apply"), {"name": "Chez\x00Paul"}).status_code == 400
    assert client.post(reverse("customer:login"), {"login-username\x00": "a"}).status_code == 400


@pytest.mark.django_db
def test_a_cookie_holding_a_nul_byte_is_ignored(client, product):
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"

    assert client.get(product.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_a_basket_form_without_its_management_form_changes_nothing_and_says_so(client, product):
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    line = Line.objects.get()

    response = client.post(reverse("basket:summary"), {"form-0-id": line.pk, "form-0-quantity": "3"})

    assert response.status_code == 200
    assert "arrived incomplete" in response.content.decode()
    line.refresh_from_db()
    assert line.quantity == 1


@pytest.mark.django_db
def test_a_basket_form_missing_min_and_max_with_a_deleted_line_is_no_500(client, product):
    other = ProductFactory(shop=product.stockrecords.get().partner, title="Croissant", stock=5)
    for item in (product, other):
        client.post(reverse("basket:add", kwargs={"pk": item.pk}), {"quantity": 1})
    first, second = Line.objects.order_by("pk")

    # Oscar's view copies MIN_NUM_FORMS and MAX_NUM_FORMS when a deleted line sits beside an invalid one.
    response = client.post(
        reverse("basket:summary"),
        {
            "form-TOTAL_FORMS": "2",
            "form-INITIAL_FORMS": "2",
            "form-0-id": first.pk,
            "form-0-quantity": "1",
            "form-0-DELETE": "on",
            "form-1-id": second.pk,
            "form-1-quantity": "-5",
        },
    )

    assert response.status_code in (200, 302)
    assert not Line.objects.filter(pk=first.pk).exists()


class OtherSessionCountsFirst:
    """A database execute wrapper: right after our UPDATE of a product's counters found no row, another
    session's INSERT of that row lands, as when 8 sessions open a new product at once."""

    def __init__(self, product) -> None:
        self.product = product
        self.done = False

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not self.done and sql.startswith("UPDATE") and ProductRecord._meta.db_table in sql:
            self.done = True
            with context["connection"].cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {ProductRecord._meta.db_table} (product_id, num_views, num_basket_additions"
                    ", num_purchases, score) VALUES (%s, 1, 1, 0, 0)",
                    [self.product.pk],
                )
        return result


@pytest.mark.django_db
def test_a_product_first_viewed_by_two_sessions_at_once_is_counted_and_served(client, product):
    with connection.execute_wrapper(OtherSessionCountsFirst(product)):
        response = client.get(product.get_absolute_url())

    assert response.status_code == 200
    assert ProductRecord.objects.get(product=product).num_views == 2


@pytest.mark.django_db
def test_the_counter_race_leaves_the_surrounding_transaction_usable(product):
    with connection.execute_wrapper(OtherSessionCountsFirst(product)), transaction.atomic():
        counter_update(ProductRecord, "num_basket_additions", {"product": product})
        assert ProductRecord.objects.get(product=product).num_basket_additions == 2


@pytest.mark.django_db
def test_a_merchant_dashboard_lookup_with_a_nul_byte_is_400(client, product):
    client.force_login(make_merchant(product.stockrecords.get().partner))

    assert client.get(reverse("dashboard:catalogue-product-lookup") + "?q=%00").status_code == 400
    assert client.get(reverse("dashboard:order-board") + "?q=x%00").status_code == 400
