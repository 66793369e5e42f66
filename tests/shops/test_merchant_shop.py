"""One rule for the shop a user runs as a merchant: every merchant page, the menu, the stock form."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from core.roles import ensure_town_hall_group
from pickup_points.factories import PickupPointFactory, make_point_staff
from shops.dashboard.selectors import merchant_shop
from shops.factories import ShopFactory, UserFactory, make_merchant

pytestmark = pytest.mark.django_db

ProductClass = get_model("catalogue", "ProductClass")

# Every page a merchant opens for their own shop, found from their account.
MERCHANT_PAGES = [
    ("get", "dashboard:shop-profile"),
    ("get", "dashboard:shop-guide"),
    ("get", "dashboard:catalogue-import"),
    ("get", "dashboard:post-list"),
    ("get", "dashboard:order-phone"),
    ("post", "payments:connect"),
]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def two_shops_user(db):
    """A user linked to two shops, as Oscar's partner dashboard allows: which one they run is unknown."""
    user = make_merchant(ShopFactory(name="Première"), email="deux@example.com")
    ShopFactory(name="Seconde").users.add(user)
    return user


def test_a_merchant_runs_their_only_shop():
    shop = ShopFactory(name="Boulangerie Dupain")

    assert merchant_shop(user=make_merchant(shop)) == shop


def test_staff_residents_and_users_of_several_shops_run_none(two_shops_user):
    staff_with_a_shop = UserFactory(is_staff=True)
    ShopFactory().users.add(staff_with_a_shop)

    assert merchant_shop(user=staff_with_a_shop) is None
    assert merchant_shop(user=UserFactory()) is None
    assert merchant_shop(user=two_shops_user) is None
    assert merchant_shop(user=make_point_staff(PickupPointFactory())) is None


@pytest.mark.parametrize("method, name", MERCHANT_PAGES)
def test_every_merchant_page_is_not_found_for_a_user_of_several_shops(two_shops_user, method, name):
    response = getattr(logged_in(two_shops_user), method)(reverse(name))

    assert response.status_code == 404


@pytest.mark.parametrize("method, name", [page for page in MERCHANT_PAGES if page[0] == "get"])
def test_every_merchant_page_opens_for_a_merchant(method, name):
    response = logged_in(make_merchant(ShopFactory())).get(reverse(name))

    assert response.status_code == 200


def test_the_menu_offers_my_shop_to_whom_the_pages_open(two_shops_user):
    my_shop = reverse("dashboard:shop-profile")
    town_hall = UserFactory(is_staff=True)
    town_hall.groups.add(ensure_town_hall_group())

    assert my_shop in logged_in(make_merchant(ShopFactory())).get(reverse("dashboard:index")).content.decode()
    assert my_shop not in logged_in(two_shops_user).get(reverse("dashboard:index")).content.decode()
    assert my_shop not in logged_in(town_hall).get(reverse("dashboard:index")).content.decode()


def test_the_product_page_reads_the_merchants_shop_once(db):
    product_class = ProductClass.objects.create(name="Pain", track_stock=True)
    client = logged_in(make_merchant(ShopFactory()))
    url = reverse("dashboard:catalogue-product-create", kwargs={"product_class_slug": product_class.slug})

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert response.status_code == 200
    # The rule's query (LIMIT 2: "their only shop"), asked by the menu, the stock formset and its form.
    lookups = [
        q["sql"] for q in queries if '"partner_partner_users"' in q["sql"] and q["sql"].endswith("LIMIT 2")
    ]
    assert len(lookups) == 1


def test_the_order_board_tells_a_user_of_several_shops_to_use_one_account(two_shops_user):
    page = logged_in(two_shops_user).get(reverse("dashboard:order-board")).content.decode()

    assert "your account does not run a shop" in page
