"""The merchant's getting-started guide: the three steps, ticked as the merchant's own shop does them."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from core.roles import ensure_town_hall_group
from orders.factories import create_shop_order
from shops.dashboard.selectors import merchant_progress
from shops.factories import ProductClassFactory, ProductFactory, ShopFactory, UserFactory, make_merchant

GUIDE_URL = reverse("dashboard:shop-guide")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def steps_done(page: str) -> list[str]:
    return re.findall(r'data-done="(yes|no)"', page)


@pytest.fixture
def new_shop(db):
    return ShopFactory(name="Fleurs de Marie", hours=False)


@pytest.fixture
def merchant(new_shop):
    return make_merchant(new_shop, email="marie@fleurs.fr")


def test_a_new_merchant_sees_three_steps_to_do_with_their_links(merchant):
    product_class = ProductClassFactory()

    page = logged_in(merchant).get(GUIDE_URL).content.decode()

    assert "Three steps put Fleurs de Marie on the marketplace" in page
    assert "0 of 3 done." in page
    assert steps_done(page) == ["no", "no", "no"]
    create = reverse("dashboard:catalogue-product-create", kwargs={"product_class_slug": product_class.slug})
    for url in [create, reverse("dashboard:catalogue-import"), reverse("dashboard:shop-profile"),
                reverse("dashboard:order-board")]:  # fmt: skip
        assert f'href="{url}"' in page


def test_the_guide_follows_the_merchants_progress(merchant, new_shop):
    client = logged_in(merchant)
    ProductFactory(shop=new_shop)
    assert steps_done(client.get(GUIDE_URL).content.decode()) == ["yes", "no", "no"]

    new_shop.opening_hours.create(weekday=0, opens="08:00", closes="12:00")
    assert steps_done(client.get(GUIDE_URL).content.decode()) == ["yes", "yes", "no"]

    create_shop_order(shop=new_shop)
    page = client.get(GUIDE_URL).content.decode()
    assert steps_done(page) == ["yes", "yes", "yes"]
    assert "Fleurs de Marie is all set" in page


def test_progress_is_read_in_one_query(merchant, new_shop, django_assert_num_queries):
    ProductFactory(shop=new_shop)
    create_shop_order(shop=new_shop)

    with django_assert_num_queries(1):
        shop = merchant_progress(user=merchant)
        assert (shop.has_products, shop.has_hours, shop.has_orders) == (True, False, True)


def test_other_shops_progress_does_not_count(merchant):
    busy = ShopFactory(name="Boulangerie")
    create_shop_order(shop=busy)

    page = logged_in(merchant).get(GUIDE_URL).content.decode()

    assert steps_done(page) == ["no", "no", "no"]


def test_the_guide_is_in_the_merchants_menu(merchant):
    page = logged_in(merchant).get(reverse("dashboard:index")).content.decode()

    assert f'href="{GUIDE_URL}"' in page
    assert f'href="{reverse("dashboard:catalogue-import")}"' in page


def test_residents_are_refused_and_the_town_hall_has_no_guide(db):
    assert logged_in(UserFactory(email="resident@example.com")).get(GUIDE_URL).status_code == 403
    town_hall = UserFactory(email="mairie@example.com", is_staff=True)
    town_hall.groups.add(ensure_town_hall_group())

    assert logged_in(town_hall).get(GUIDE_URL).status_code == 404
    assert f'href="{GUIDE_URL}"' not in logged_in(town_hall).get(reverse("dashboard:index")).content.decode()
