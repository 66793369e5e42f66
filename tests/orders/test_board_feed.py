"""The merchant's day: landing on the dashboard after login, the board's feed, the order number on cards."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from core.roles import ensure_town_hall_group
from orders.factories import create_shop_order
from orders.services import order_accept
from shops.factories import DEFAULT_PASSWORD, ProductFactory, ShopFactory, UserFactory, make_merchant
from tests.orders.test_dashboard import NOW, place

FEED_URL = reverse("dashboard:order-board-feed")
BOARD_URL = reverse("dashboard:order-board")


@pytest.fixture
def shop(db):
    return ShopFactory(name="Fournil du Marché")


@pytest.fixture
def merchant(shop):
    return make_merchant(shop, email="fournil@example.com")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_new_order_shows_in_the_feed_and_changes_its_fingerprint(shop, merchant):
    client = logged_in(merchant)
    before = client.get(FEED_URL).json()
    order = create_shop_order(shop=shop)
    after = client.get(FEED_URL).json()
    assert before["waiting"] == [] and after["waiting"] == [order.number]
    assert after["fingerprint"] != before["fingerprint"]
    order_accept(order=order)
    accepted = client.get(FEED_URL).json()
    assert accepted["waiting"] == [] and accepted["open"] == 1
    assert accepted["fingerprint"] != after["fingerprint"]


def test_the_feed_never_names_another_shops_orders(shop, merchant):
    create_shop_order(shop=ShopFactory(name="Autre"))
    assert logged_in(merchant).get(FEED_URL).json() == {
        **logged_in(merchant).get(FEED_URL).json(),
        "waiting": [],
    }
    assert logged_in(merchant).get(FEED_URL).json()["open"] == 0


def test_residents_get_no_feed(db):
    assert logged_in(UserFactory()).get(FEED_URL).status_code in (302, 403)


def test_cards_show_the_order_number_and_the_board_loads_its_script_not_inline(shop, merchant):
    with time_machine.travel(NOW, tick=False):
        order = place(ProductFactory(shop=shop, title="Baguette", stock=5))
        page = logged_in(merchant).get(BOARD_URL).content.decode()
    assert f"No. {order.number}" in page or f"N° {order.number}" in page
    board = page[page.index('id="board-live"') : page.rindex("</section>")]
    assert "<script" not in board  # nothing inline in the board (a CSP is coming)
    assert "orders/js/board.js" in page
    assert 'data-feed-url="/dashboard/board/feed.json"' in page


@pytest.mark.parametrize("login_url", [reverse("customer:login"), reverse("dashboard:login")])
def test_merchants_land_on_their_dashboard_after_login(merchant, login_url):
    client = Client()
    if login_url == reverse("customer:login"):
        data = {"login_submit": "1", "login-username": merchant.email, "login-password": DEFAULT_PASSWORD}
    else:
        data = {"username": merchant.email, "password": DEFAULT_PASSWORD}
    response = client.post(login_url, data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("dashboard:index")


def test_residents_land_on_the_home_page_after_login(db):
    resident = UserFactory(email="resident@example.com")
    data = {"login_submit": "1", "login-username": resident.email, "login-password": DEFAULT_PASSWORD}
    response = Client().post(reverse("customer:login"), data, follow=True)
    assert response.redirect_chain[-1][0] == "/"


def test_the_town_hall_lands_on_the_dashboard(db):
    mairie = UserFactory(email="mairie@example.com", is_staff=True)
    mairie.groups.add(ensure_town_hall_group())
    response = Client().post(
        reverse("dashboard:login"), {"username": mairie.email, "password": DEFAULT_PASSWORD}
    )
    assert response.url in (reverse("shops:after-login"), reverse("dashboard:index"))
