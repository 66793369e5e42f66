"""The residents' side of shops: the directory, a shop's page, and products shown with their shop."""

import datetime as dt
import re
from decimal import Decimal

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from shops.factories import ClosureFactory, ProductFactory, ShopCategoryFactory, ShopFactory, UserFactory
from shops.models import OpeningHours, Partner

pytestmark = pytest.mark.django_db

Category = get_model("catalogue", "Category")
ProductCategory = get_model("catalogue", "ProductCategory")

DIRECTORY = reverse("shops:directory")
# Wednesday 25 November 2026, 10:00 in Paris: factory shops (8:00–13:00, 15:00–19:30) are open.
WEDNESDAY_MORNING = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def shop_names(response) -> list[str]:
    return [listing.shop.name for listing in response.context["listings"]]


def test_directory_lists_approved_shops_only(client) -> None:
    ShopFactory(name="Boulangerie Martin")
    for approval in (Partner.Approval.PENDING, Partner.Approval.REJECTED, Partner.Approval.SUSPENDED):
        ShopFactory(name=f"Shop {approval}", approval=approval)
    response = client.get(DIRECTORY)
    assert response.status_code == 200
    assert shop_names(response) == ["Boulangerie Martin"]
    assert "1 shop found" in response.content.decode()


def test_directory_card_shows_category_status_modes_and_address(client) -> None:
    bakery = ShopCategoryFactory(name="Boulangerie", slug="boulangerie", icon="🥖")
    ShopFactory(name="Au Bon Pain", category=bakery, offers_delivery=True, street="3 place du Marché")
    with time_machine.travel(WEDNESDAY_MORNING, tick=False):
        content = client.get(DIRECTORY).content.decode()
    assert "Au Bon Pain" in content
    assert "Boulangerie" in content
    assert "Open until 13:00" in content
    assert '<li class="badge-mode">Click & collect</li>' in content
    assert '<li class="badge-mode">Local delivery</li>' in content
    assert "3 place du Marché, 78220 Viroflay" in content
    assert reverse("shops:detail", kwargs={"slug": Partner.objects.get().code}) in content


def test_directory_filters_by_category(client) -> None:
    ShopFactory(name="Au Bon Pain", category=ShopCategoryFactory(name="Boulangerie", slug="boulangerie"))
    ShopFactory(name="Les Fleurs", category=ShopCategoryFactory(name="Fleuriste", slug="fleuriste"))
    assert shop_names(client.get(DIRECTORY, {"category": "fleuriste"})) == ["Les Fleurs"]


def test_unknown_category_is_ignored_not_an_error(client) -> None:
    ShopFactory(name="Au Bon Pain")
    response = client.get(DIRECTORY, {"category": "nope", "q": "bon"})
    assert response.status_code == 200
    assert shop_names(response) == ["Au Bon Pain"]


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("click_collect", ["Click"]),
        ("delivery", ["Delivery"]),
        ("call_collect", ["Phone"]),
        ("in_store", ["Counter"]),
    ],
)
def test_directory_filters_by_sales_mode(client, mode: str, expected: list[str]) -> None:
    ShopFactory(name="Click", offers_click_collect=True)
    ShopFactory(name="Delivery", offers_click_collect=False, offers_delivery=True)
    ShopFactory(name="Phone", offers_click_collect=False, offers_call_collect=True)
    ShopFactory(name="Counter", offers_click_collect=False)
    assert shop_names(client.get(DIRECTORY, {"mode": mode})) == expected


def test_directory_open_now_filter_follows_the_clock(client) -> None:
    ShopFactory(name="Day shop")
    ShopFactory(name="Night shop", hours=[(dt.time(20), dt.time(0))])
    ShopFactory(name="Shut shop", temporarily_closed=True)
    with time_machine.travel(WEDNESDAY_MORNING, tick=False):
        assert shop_names(client.get(DIRECTORY, {"open_now": "on"})) == ["Day shop"]
    with time_machine.travel(WEDNESDAY_MORNING + dt.timedelta(hours=12), tick=False):
        assert shop_names(client.get(DIRECTORY, {"open_now": "on"})) == ["Night shop"]


@pytest.mark.parametrize("query", ["fleurs", "bouquets", "fleuriste", "LILI bouquets"])
def test_directory_search_reads_name_description_and_category(client, query: str) -> None:
    ShopFactory(
        name="Les Fleurs de Lili",
        description="Bouquets de saison",
        category=ShopCategoryFactory(name="Fleuriste", slug="fleuriste"),
    )
    ShopFactory(name="Au Bon Pain")
    assert shop_names(client.get(DIRECTORY, {"q": query})) == ["Les Fleurs de Lili"]


def test_directory_is_paginated(client) -> None:
    ShopFactory.create_batch(13, hours=False)
    first = client.get(DIRECTORY)
    second = client.get(DIRECTORY, {"page": 2})
    assert len(first.context["listings"]) == 12
    assert len(second.context["listings"]) == 1
    assert 'rel="next"' in first.content.decode()
    assert client.get(DIRECTORY, {"page": "x"}).status_code == 200


def test_directory_reads_the_hours_of_the_page_shops_only(client) -> None:
    # Statuses come from hours and closures: computing the 30 shops' for a page of 12 wasted time.
    ShopFactory.create_batch(30)
    with time_machine.travel(WEDNESDAY_MORNING, tick=False), CaptureQueriesContext(connection) as queries:
        second = client.get(DIRECTORY, {"page": 2})

    hours = [query["sql"] for query in queries if 'FROM "partner_openinghours"' in query["sql"]]
    assert len(hours) == 1
    assert len(re.search(r'"shop_id" IN \(([^)]*)\)', hours[0]).group(1).split(", ")) == 12
    assert len(second.context["listings"]) == 12
    assert all(listing.status_text for listing in second.context["listings"])


def test_directory_open_now_pages_through_the_open_shops(client) -> None:
    ShopFactory.create_batch(13, name="Ouverte")
    ShopFactory.create_batch(5, name="Fermée", temporarily_closed=True)
    with time_machine.travel(WEDNESDAY_MORNING, tick=False):
        first = client.get(DIRECTORY, {"open_now": "on"})
        second = client.get(DIRECTORY, {"open_now": "on", "page": 2})

    assert first.context["paginator"].count == 13
    assert shop_names(first) == ["Ouverte"] * 12 and shop_names(second) == ["Ouverte"]


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_directory_costs_the_same_queries_for_1_or_20_shops(client, settings) -> None:
    settings.PAGE_CACHE_VIEWS = []  # the page as it is drawn, not as the page cache serves it again
    shop = ShopFactory()
    ClosureFactory(shop=shop, start_date=dt.date(2099, 1, 1))
    client.get(DIRECTORY)  # warm caches (sessions, content types)
    one = count_queries(client, DIRECTORY)
    for _ in range(19):
        ClosureFactory(shop=ShopFactory(), start_date=dt.date(2099, 1, 1))
    assert count_queries(client, DIRECTORY) == one


def test_shop_page_shows_profile_hours_closures_and_products(client) -> None:
    shop = ShopFactory(
        name="Boulangerie du Marché",
        code="boulangerie-du-marche",
        description="Pain au levain cuit au feu de bois.",
        email="pain@example.com",
        website="https://pain.example.com",
        instagram_url="https://instagram.com/pain",
        offers_call_collect=True,
    )
    ClosureFactory(shop=shop, start_date=dt.date(2026, 12, 24), end_date=dt.date(2026, 12, 26), reason="Noël")
    ProductFactory(shop=shop, title="Baguette tradition", price=Decimal("1.30"))
    ProductFactory(title="Bouquet d'ailleurs")
    with time_machine.travel(WEDNESDAY_MORNING, tick=False):
        response = client.get(reverse("shops:detail", kwargs={"slug": "boulangerie-du-marche"}))
    content = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Pain au levain cuit au feu de bois.",
        "Open until 13:00",
        "8:00–13:00",
        "15:00–19:30",
        "From 24 December to 26 December: Noël",
        '<li class="badge-mode">Call & collect</li>',
        "1 rue de la Paix, 78220 Viroflay",
        'href="tel:0123456789"',
        "pain@example.com",
        "https://pain.example.com",
        "Instagram page",
        "Baguette tradition",
    ):
        assert text in content, text
    assert "Bouquet d&#x27;ailleurs" not in content
    sunday_row = re.search(r"<th scope=\"row\">Sunday.*?</tr>", content, re.S).group(0)
    assert "Closed" in sunday_row


def test_shop_page_of_temporarily_closed_shop_says_so(client) -> None:
    shop = ShopFactory(temporarily_closed=True, closed_message="Congés d'été")
    content = client.get(reverse("shops:detail", kwargs={"slug": shop.code})).content.decode()
    assert "Temporarily closed: Congés d&#x27;été" in content


@pytest.mark.parametrize(
    "approval", [Partner.Approval.PENDING, Partner.Approval.REJECTED, Partner.Approval.SUSPENDED]
)
def test_shop_page_is_not_found_unless_approved(client, approval: str) -> None:
    shop = ShopFactory(approval=approval)
    assert client.get(reverse("shops:detail", kwargs={"slug": shop.code})).status_code == 404


def test_product_page_links_to_its_shop(client) -> None:
    shop = ShopFactory(name="Fromagerie Dubois")
    product = ProductFactory(shop=shop, title="Comté 18 mois")
    content = client.get(product.get_absolute_url()).content.decode()
    assert "Sold by" in content
    assert f'href="{reverse("shops:detail", kwargs={"slug": shop.code})}"' in content


@pytest.mark.parametrize(
    ("approval", "status"),
    [
        (Partner.Approval.SUSPENDED, 404),
        (Partner.Approval.PENDING, 404),
        (Partner.Approval.REJECTED, 404),
        (Partner.Approval.APPROVED, 200),
    ],
)
def test_product_page_is_found_only_while_its_shop_is_approved(client, approval: str, status: int) -> None:
    product = ProductFactory(shop=ShopFactory(approval=approval))
    assert client.get(product.get_absolute_url()).status_code == status


def test_product_page_of_a_suspended_shop_is_not_found_for_staff_either(client) -> None:
    client.force_login(UserFactory(is_staff=True))
    product = ProductFactory(shop=ShopFactory(approval=Partner.Approval.SUSPENDED))
    assert client.get(product.get_absolute_url()).status_code == 404


def test_browse_and_search_hide_products_of_shops_not_approved(client) -> None:
    ProductFactory(title="Pain visible", shop=ShopFactory(name="Open bakery"))
    ProductFactory(title="Pain caché", shop=ShopFactory(approval=Partner.Approval.SUSPENDED))
    ProductFactory(title="Pain en attente", shop=ShopFactory(approval=Partner.Approval.PENDING))
    ProductFactory(title="Pain privé", is_public=False)
    for response in (
        client.get(reverse("catalogue:index")),
        client.get(reverse("search:search"), {"q": "pain"}),
    ):
        content = response.content.decode()
        assert response.context["paginator"].count == 1
        assert "Pain visible" in content
        assert "Open bakery" in content  # the card says who sells it
        assert "caché" not in content and "attente" not in content and "privé" not in content


def test_category_page_hides_products_of_shops_not_approved(client) -> None:
    bakery = Category.add_root(name="Boulangerie")
    for title, approval in (
        ("Pain visible", Partner.Approval.APPROVED),
        ("Pain caché", Partner.Approval.SUSPENDED),
    ):
        ProductCategory.objects.create(
            product=ProductFactory(title=title, shop=ShopFactory(approval=approval)), category=bakery
        )
    response = client.get(bakery.get_absolute_url())
    content = response.content.decode()
    assert response.context["paginator"].count == 1
    assert "Pain visible" in content and "caché" not in content


def test_search_needs_every_word(client) -> None:
    ProductFactory(title="Pain de campagne")
    ProductFactory(title="Pain au chocolat")
    response = client.get(reverse("search:search"), {"q": "pain chocolat"})
    assert [result.object.title for result in response.context["page_obj"]] == ["Pain au chocolat"]


def test_browse_costs_the_same_queries_for_1_or_10_products(client, settings) -> None:
    settings.PAGE_CACHE_VIEWS = []  # the page as it is drawn, not as the page cache serves it again
    url = reverse("catalogue:index")
    ProductFactory()
    client.get(url)
    one = count_queries(client, url)
    ProductFactory.create_batch(9)
    client.get(url)  # the new products start a new catalogue generation: its count is cached once
    assert count_queries(client, url) == one


def test_suspended_shops_product_cannot_be_added_to_the_basket(client) -> None:
    shop = ShopFactory()
    product = ProductFactory(shop=shop)
    shop.approval = Partner.Approval.SUSPENDED
    shop.save()
    response = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "This shop is not selling on the marketplace at the moment."
    ]
    assert client.get(reverse("basket:summary")).context["basket"].num_items == 0


def test_phone_only_shops_product_page_gives_the_number_instead_of_the_basket(client) -> None:
    shop = ShopFactory(name="Boucherie Martin", offers_click_collect=False, offers_call_collect=True)
    content = client.get(ProductFactory(shop=shop).get_absolute_url()).content.decode()
    assert "Boucherie Martin takes orders by phone only." in content
    assert 'Order by phone: <a href="tel:0123456789">01 23 45 67 89</a>' in content
    assert 'id="add_to_basket_form"' not in content and 'id="alert_form"' not in content


def test_in_store_only_shops_pages_offer_no_basket(client) -> None:
    shop = ShopFactory(name="Quincaillerie Roux", offers_click_collect=False)
    product = ProductFactory(shop=shop, title="Clous")
    page = client.get(product.get_absolute_url()).content.decode()
    assert "Quincaillerie Roux does not take orders online: you can buy it in the shop." in page
    assert 'id="add_to_basket_form"' not in page and 'id="alert_form"' not in page
    shop_page = client.get(reverse("shops:detail", kwargs={"slug": shop.code})).content.decode()
    assert "Clous" in shop_page and "In store only" in shop_page
    assert "Add to basket" not in shop_page


def test_in_store_only_shops_product_cannot_be_added_to_the_basket(client) -> None:
    product = ProductFactory(shop=ShopFactory(name="Quincaillerie Roux", offers_click_collect=False))
    response = client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Quincaillerie Roux does not take orders online: you can buy it in the shop."
    ]
    assert client.get(reverse("basket:summary")).context["basket"].num_items == 0


def test_approved_shops_product_can_be_added_to_the_basket(client) -> None:
    product = ProductFactory()
    client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": 1})
    assert client.get(reverse("basket:summary")).context["basket"].num_items == 1


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (WEDNESDAY_MORNING, ["Boulangerie du matin"]),
        (WEDNESDAY_MORNING.replace(hour=21), ["Pizzeria du soir"]),  # open until midnight
        (WEDNESDAY_MORNING.replace(hour=0, minute=30), []),
    ],
)
def test_home_lists_the_shops_open_now(client, at: dt.datetime, expected: list[str]) -> None:
    bakery = ShopFactory(name="Boulangerie du matin")
    pizzeria = ShopFactory(name="Pizzeria du soir")
    closed = ShopFactory(name="Fermé pour travaux", temporarily_closed=True)
    OpeningHours.objects.filter(shop__in=[bakery, pizzeria, closed]).delete()
    for weekday in range(7):
        OpeningHours.objects.create(shop=bakery, weekday=weekday, opens=dt.time(7), closes=dt.time(13))
        OpeningHours.objects.create(shop=pizzeria, weekday=weekday, opens=dt.time(18), closes=dt.time(0))
        OpeningHours.objects.create(shop=closed, weekday=weekday, opens=dt.time(6), closes=dt.time(23))
    with time_machine.travel(at, tick=False):
        listings = client.get(reverse("home")).context["open_listings"]
    assert [listing.shop.name for listing in listings] == expected
