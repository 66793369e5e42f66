"""The 500s the fuzz test (test_fuzz.py) found, each replayed as the request that hit it: now a 4xx or a
redirect saying why, and nothing changed."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from oscar.core.loading import get_model

from core.roles import ensure_town_hall_group
from orders.factories import create_shop_order
from shops.factories import ProductFactory, ShopFactory, UserFactory, make_merchant
from shops.models import Partner

Category = get_model("catalogue", "Category")
Notification = get_model("communication", "Notification")
WishList = get_model("wishlists", "WishList")


@pytest.fixture
def shop(db) -> Partner:
    return ShopFactory(name="Fournil")


@pytest.fixture
def resident(client) -> object:
    user = UserFactory(email="resident@example.com")
    client.force_login(user)
    return user


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.django_db
def test_posting_to_a_category_page_is_405_not_500(client):
    category = Category.add_root(name="Pains")

    assert client.post(category.get_absolute_url()).status_code == 405
    assert client.get(category.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_a_wish_list_for_an_unknown_product_says_so(client, resident):
    response = client.get("/accounts/wishlists/create/with-product/987654/")

    assert response.status_code == 302 and response.url == reverse("customer:wishlists-create")
    assert messages_of(response) == ["The requested product no longer exists"]
    assert not WishList.objects.exists()


@pytest.mark.django_db
def test_a_wish_list_still_needs_a_login(client):
    response = client.get("/accounts/wishlists/create/with-product/987654/")

    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.django_db
def test_an_order_line_address_leads_to_its_order_and_an_unknown_line_is_404(client, resident, shop):
    order = create_shop_order(shop=shop, user=resident)
    line = order.lines.get()
    url = f"/accounts/orders/{order.number}/{line.pk}/"

    assert client.get(url).url == reverse("customer:order", kwargs={"order_number": order.number})
    posted = client.post(url, {"action": '"'})
    assert posted.status_code == 302 and messages_of(posted) == ["Invalid form submission"]
    assert client.get(f"/accounts/orders/{order.number}/{line.pk + 1000}/").status_code == 404


@pytest.mark.django_db
def test_an_id_larger_than_any_is_404_where_sqlite_overflowed(client, resident):
    wishlist = WishList.objects.create(owner=resident, name="Noël")

    response = client.post(f"/accounts/wishlists/{wishlist.key}/products/99999999999999999999/delete/")

    assert response.status_code == 404


@pytest.mark.django_db
def test_a_bulk_selection_holding_a_tampered_id_selects_nothing(client, resident, shop):
    notification = Notification.objects.create(recipient=resident, subject="Prête")
    response = client.post(
        reverse("customer:notifications-update"), {"action": "delete", "selected_notification": '"'}
    )

    assert response.status_code == 302
    assert Notification.objects.filter(pk=notification.pk).exists()

    client.force_login(make_merchant(shop))
    response = client.post(
        reverse("dashboard:order-list"), {"action": "download_selected_orders", "selected_order": ""}
    )
    assert response.status_code == 302
    assert "You need to select some orders" in messages_of(response)


@pytest.mark.django_db
def test_a_product_form_without_its_stock_management_form_is_refused_not_500(client, shop):
    product = ProductFactory(shop=shop, title="Baguette")
    client.force_login(make_merchant(shop))

    response = client.post(
        reverse("dashboard:catalogue-product", kwargs={"pk": product.pk}),
        {"title": "Pain", "structure": "standalone"},
    )

    assert response.status_code == 200
    product.refresh_from_db()
    assert product.title == "Baguette"


@pytest.mark.django_db
def test_deleting_a_shop_that_has_orders_says_why_and_keeps_it(client, shop):
    create_shop_order(shop=shop)
    mairie = UserFactory(email="mairie@example.com", is_staff=True)
    mairie.groups.add(ensure_town_hall_group())
    client.force_login(mairie)
    url = reverse("dashboard:partner-delete", kwargs={"pk": shop.pk})

    response = client.post(url)

    assert response.status_code == 302 and response.url == url
    # The page it leads back to says why, and not Oscar's "deleted successfully" said before it failed.
    assert messages_of(client.get(url)) == ["This cannot be deleted: 1 × Order still refer to it."]
    assert Partner.objects.filter(pk=shop.pk).exists()


@pytest.mark.django_db
@pytest.mark.french
def test_the_refused_deletion_speaks_french(client, shop):
    create_shop_order(shop=shop)
    mairie = UserFactory(email="mairie@example.com", is_staff=True)
    mairie.groups.add(ensure_town_hall_group())
    client.force_login(mairie)
    url = reverse("dashboard:partner-delete", kwargs={"pk": shop.pk})

    client.post(url)

    assert messages_of(client.get(url)) == ["Suppression impossible : 1 × Commande y font encore référence."]


@pytest.mark.django_db
def test_a_login_without_a_client_address_is_recorded_without_one(client, resident):
    """Axes stored "unknown" in its IP address column: PostgreSQL refused it, so a login reaching the
    app over a Unix socket (no REMOTE_ADDR), and every test's force_login, was a 500 there."""
    from axes.models import AccessLog

    client.logout()
    response = client.post(
        reverse("customer:login"),
        {"login-username": "resident@example.com", "login-password": "marketplace", "login_submit": "1"},
        REMOTE_ADDR="",
    )

    assert response.status_code == 302
    assert AccessLog.objects.order_by("-pk").first().ip_address is None
