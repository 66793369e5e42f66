"""Every page has a Content-Security-Policy that runs only our scripts: inline ones carry its nonce."""

import re

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

from core.roles import ensure_town_hall_group
from shops.factories import ProductFactory, ShopFactory, UserFactory, make_merchant

NONCE = re.compile(r"'nonce-([^']+)'")


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parts = [part.strip().split() for part in header.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


def assert_only_our_scripts_run(response) -> None:
    """The policy forbids inline scripts but this response's; every inline script has that nonce; no
    element carries an inline handler (a nonce does not cover those: they would silently not run)."""
    policy = directives(response)
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert "'self'" in policy["script-src"] and policy["object-src"] == ["'none'"]
    page = BeautifulSoup(response.content, "html.parser")
    inline = [
        tag for tag in page.find_all("script") if not tag.get("src") and tag.get("type") != "application/json"
    ]
    if inline:
        (nonce,) = NONCE.findall(" ".join(policy["script-src"]))
        assert all(tag.get("nonce") == nonce for tag in inline), [str(tag)[:80] for tag in inline]
    handlers = [
        (tag.name, name) for tag in page.find_all(True) for name in tag.attrs if name.startswith("on")
    ]
    assert handlers == []
    assert "javascript:" not in response.content.decode().lower()


@pytest.fixture
def shop_with_product(db):
    shop = ShopFactory(name="Fournil")
    return shop, ProductFactory(shop=shop, title="Baguette", stock=5)


@pytest.mark.django_db
def test_storefront_pages_run_only_our_scripts(client, shop_with_product):
    shop, product = shop_with_product
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    for url in [
        reverse("home"),
        product.get_absolute_url(),
        reverse("catalogue:index"),
        reverse("search:search") + "?q=baguette",
        reverse("shops:directory"),
        reverse("shops:detail", kwargs={"slug": shop.slug}),
        reverse("shops:apply"),
        reverse("basket:summary"),
        reverse("checkout:index"),
        reverse("customer:login"),
        reverse("password-reset"),
        reverse("status-board"),
        "/no-such-page/",
    ]:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert_only_our_scripts_run(response)


@pytest.mark.django_db
def test_the_body_load_script_of_oscar_runs_with_the_nonce(client, shop_with_product):
    response = client.get(reverse("home"))

    page = BeautifulSoup(response.content, "html.parser")
    (body_load,) = [tag for tag in page.find_all("script") if "oscar.init()" in tag.text]
    assert f"'nonce-{body_load['nonce']}'" in response["Content-Security-Policy"]
    # A new nonce for every response: one seen in a page cannot be reused by an injected script.
    assert client.get(reverse("home"))["Content-Security-Policy"] != response["Content-Security-Policy"]


@pytest.mark.django_db
def test_dashboard_pages_run_only_our_scripts(shop_with_product):
    shop, product = shop_with_product
    merchant = Client()
    merchant.force_login(make_merchant(shop))
    for url in [
        reverse("dashboard:index"),
        reverse("dashboard:order-board"),
        reverse("dashboard:catalogue-product-list"),
        reverse("dashboard:catalogue-product", kwargs={"pk": product.pk}),  # the picture upload widget
        reverse("dashboard:shop-profile"),
    ]:
        response = merchant.get(url)
        assert response.status_code == 200, url
        assert_only_our_scripts_run(response)

    town_hall = Client()
    user = UserFactory(email="mairie@example.com", is_staff=True)
    user.groups.add(ensure_town_hall_group())
    town_hall.force_login(user)
    for url in [
        reverse("dashboard:oversight-index"),
        reverse("dashboard:moderation"),
        reverse("dashboard:index"),
    ]:
        response = town_hall.get(url)
        assert response.status_code == 200, url
        assert_only_our_scripts_run(response)


@pytest.mark.django_db
def test_admin_and_logins_run_only_our_scripts(client, admin_client):
    for response in [
        client.get(reverse("admin:login")),
        client.get(reverse("dashboard:login")),
        admin_client.get(reverse("admin:index")),
        admin_client.get(reverse("admin:auth_user_add")),
    ]:
        assert response.status_code == 200
        assert_only_our_scripts_run(response)


@pytest.mark.django_db
def test_stripe_is_allowed_on_no_page_but_the_card_page(client, shop_with_product):
    assert "stripe.com" not in client.get(reverse("checkout:index"))["Content-Security-Policy"]
    assert "stripe.com" not in client.get(reverse("home"))["Content-Security-Policy"]
