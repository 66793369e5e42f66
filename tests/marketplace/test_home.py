"""The home page: the town's banner, shops open now, new products and kinds of shop."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from shops.factories import ProductFactory, ShopCategoryFactory, ShopFactory
from shops.models import Partner

pytestmark = pytest.mark.django_db

# Wednesday 25 November 2026, 10:00 in Paris: factory shops (8:00–13:00, 15:00–19:30) are open.
WEDNESDAY_MORNING = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


def test_home_shows_town_open_shops_new_products_and_categories(client, settings) -> None:
    settings.TOWN_NAME = "Viroflay"
    settings.TOWN_PRIMARY_COLOR = "#123456"
    bakery = ShopCategoryFactory(name="Boulangerie", slug="boulangerie", icon="🥖")
    ShopCategoryFactory(name="Quincaillerie", slug="quincaillerie")  # no shop yet: not shown
    open_shop = ShopFactory(name="Au Bon Pain", category=bakery)
    ShopFactory(name="Evening shop", category=bakery, hours=[(dt.time(20), dt.time(22))])
    ShopFactory(name="Boutique suspendue", approval=Partner.Approval.SUSPENDED)
    ProductFactory(title="Baguette tradition", shop=open_shop, price=Decimal("1.30"))
    with time_machine.travel(WEDNESDAY_MORNING, tick=False):
        response = client.get(reverse("home"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "The shops of Viroflay" in content
    assert "--town-primary: #123456" in content
    assert [listing.shop.name for listing in response.context["open_listings"]] == ["Au Bon Pain"]
    assert "Open until 13:00" in content
    assert "Baguette tradition" in content and "€1.30" in content
    assert f'href="{reverse("shops:directory")}?category=boulangerie"' in content
    assert "2 shops" in content
    assert "Quincaillerie" not in content
    assert "Boutique suspendue" not in content


def test_home_without_shops_still_renders_and_invites_merchants(client) -> None:
    content = client.get(reverse("home")).content.decode()
    assert "No shop is open right now." in content
    assert reverse("shops:apply") in content


def test_layout_has_skip_link_search_basket_account_and_language_switch(client) -> None:
    content = client.get(reverse("home")).content.decode()
    assert 'href="#main"' in content and 'id="main"' in content
    assert f'action="{reverse("search:search")}"' in content
    assert reverse("basket:summary") in content
    assert reverse("customer:login") in content
    assert f'action="{reverse("set_language")}"' in content
    assert 'name="language" value="fr"' in content


def test_language_switch_changes_the_language(client) -> None:
    response = client.post(reverse("set_language"), {"language": "fr", "next": "/"}, follow=True)
    assert response.status_code == 200
    assert '<html lang="fr"' in response.content.decode()


@pytest.mark.french
def test_prices_and_oscar_strings_read_french_when_french_is_active(client) -> None:
    ProductFactory(title="Tarte aux pommes", price=Decimal("4.50"))
    content = client.get(reverse("home")).content.decode()
    assert '<html lang="fr"' in content
    assert "4,50\xa0€" in content
    assert "Ajouter au panier" in content  # Oscar's own French catalogue
    # The switch names English in English.
    assert 'lang="en" class="tool-link"' in content and "English</span>" in content
