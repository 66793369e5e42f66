"""Cached product cards: a merchant's price or stock change shows on the next request, and the basket
button of a card served from the cache still works for another visitor (its CSRF token is theirs)."""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from orders.services import stock_allocate
from shops.factories import ProductFactory, ShopFactory
from shops.products import product_price_stock_update

pytestmark = pytest.mark.django_db

StockRecord = get_model("partner", "StockRecord")

PAGES = [reverse("catalogue:index"), reverse("search:search") + "?q=comte"]


@pytest.fixture
def comte():
    cache.clear()
    shop = ShopFactory(name="Fromagerie Mère Colette", offers_click_collect=True)
    return ProductFactory(title="Comté 18 mois", shop=shop, price=Decimal("4.90"), stock=10)


@pytest.mark.parametrize("url", PAGES)
def test_a_price_change_shows_on_the_next_request(client, comte, url: str) -> None:
    assert "4.90" in client.get(url).content.decode()
    # The merchant's inline price edit (shops.products), as the product list posts it.
    product_price_stock_update(
        shop=comte.stockrecords.get().partner, product_pk=comte.pk, price=Decimal("5.20")
    )
    page = client.get(url).content.decode()
    assert "5.20" in page and "4.90" not in page


@pytest.mark.parametrize("url", PAGES)
def test_selling_out_shows_on_the_next_request(client, comte, url: str) -> None:
    add = reverse("basket:add", kwargs={"pk": comte.pk})
    assert add in client.get(url).content.decode()
    # As a placed order allocates the last ones: a conditional UPDATE, which sends no save signal.
    stock_allocate(stockrecord=comte.stockrecords.get(), quantity=10)
    assert add not in client.get(url).content.decode()


def test_a_cached_card_carries_each_visitors_own_csrf_token(comte) -> None:
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.get(PAGES[0])  # renders and caches the card
    page = second.get(PAGES[0]).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = second.post(
        reverse("basket:add", kwargs={"pk": comte.pk}), {"quantity": 1, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert second.get(reverse("basket:summary")).context["basket"].num_items == 1


def test_a_new_product_counts_on_the_next_request(client, comte) -> None:
    # The listing's count is cached per catalogue generation: a new product starts a new one.
    assert client.get(reverse("catalogue:index")).context["paginator"].count == 1
    ProductFactory(title="Brie de Meaux", shop=comte.stockrecords.get().partner)
    assert client.get(reverse("catalogue:index")).context["paginator"].count == 2


def test_a_new_category_shows_in_the_browse_pages_tree_on_the_next_request(client, comte) -> None:
    from oscar.core.loading import get_model

    category_model = get_model("catalogue", "Category")
    category_model.add_root(name="Fromages", slug="fromages")
    assert "Fromages" in client.get(reverse("catalogue:index")).content.decode()
    category_model.add_root(name="Crèmerie", slug="cremerie")
    assert "Crèmerie" in client.get(reverse("catalogue:index")).content.decode()


def test_a_product_hidden_for_today_leaves_the_list_at_once_and_comes_back_tomorrow(client, comte) -> None:
    import datetime as dt

    import time_machine

    from shops.products import product_hide_today

    url = reverse("catalogue:index")
    assert client.get(url).context["paginator"].count == 1
    product_hide_today(shop=comte.stockrecords.get().partner, product_pk=comte.pk)
    assert client.get(url).context["paginator"].count == 0
    with time_machine.travel(dt.datetime.now() + dt.timedelta(days=1)):
        assert client.get(url).context["paginator"].count == 1  # no save at midnight: the day is in the key
