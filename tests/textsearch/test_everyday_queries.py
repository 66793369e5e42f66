"""Everyday queries of residents against the demo town, on the search page and the shop directory.

Each case is what a resident on a phone types (no accents, plurals, ligatures as two letters, a typo
or two, several words, a shop's name, a trade) and what they must find among the first results.
They run on SQLite and on PostgreSQL alike (`DATABASE_URL`).
"""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SEARCH = reverse("search:search")
DIRECTORY = reverse("shops:directory")
TOP = 6  # what a phone shows without scrolling far

# (query, a product title that must be among the first results)
PRODUCTS = [
    ("creme fraiche", "Crème fraîche épaisse (25 cl)"),
    ("comte", "Comté 18 mois (200 g)"),
    ("oeufs", "Œufs fermiers (x6)"),
    ("oeuf", "Œufs plein air (x12)"),
    ("boeuf", "Entrecôte de bœuf"),
    ("croissants", "Croissant pur beurre"),
    ("croissant", "Croissant pur beurre"),
    ("baguettes", "Baguette tradition"),
    ("baguette tradition", "Baguette tradition"),
    ("pates", "Pâtes artisanales (500 g)"),
    ("pates fraiches", "Pâtes fraîches (400 g)"),
    ("patisserie", "Flan pâtissier (la part)"),
    ("fromage", "Comté 18 mois (200 g)"),
    ("fromages", "Brie de Meaux AOP (250 g)"),
    ("FROMAGE", "Camembert de Normandie AOP"),
    ("Crème Fraîche", "Crème fraîche épaisse (25 cl)"),
    ("eclair chocolat", "Éclair au chocolat"),
    ("pain au chocolat", "Pain au chocolat"),
    ("pains", "Pain aux céréales (400 g)"),
    ("huitres", "Huîtres de Marennes n°3 (la douzaine)"),
    ("clementines", "Clémentines de Corse (1 kg)"),
    ("pommes de terre", "Pommes de terre Charlotte (2 kg)"),
    ("saumon", "Pavés de saumon (x2)"),
    ("champagne", "Champagne brut (75 cl)"),
    ("bouquet", "Bouquet de saison"),
    ("miel", "Miel de lavande (250 g)"),
    # typos (5+ letters)
    ("fromgae", "Camembert de Normandie AOP"),
    ("croisant", "Croissant pur beurre"),
    ("baguete", "Baguette tradition"),
    ("patiserie", "Éclair au chocolat"),
    ("camenbert", "Camembert de Normandie AOP"),
    ("saucison", "Saucisson sec (250 g)"),
    ("chocolta", "Chocolat noir 70 % bio (100 g)"),
    ("bourguignion", "Bœuf bourguignon (la part)"),
    # a shop's name or its trade finds its products
    ("fromagerie", "Brie de Meaux AOP (250 g)"),
    ("boucherie", "Entrecôte de bœuf"),
    ("poissonnerie", "Filet de cabillaud (300 g)"),
    ("caviste", "Chablis premier cru 2021 (75 cl)"),
    ("primeur", "Bananes (1 kg)"),
    # while typing: a word's start
    ("crois", "Croissant pur beurre"),
    ("camem", "Camembert de Normandie AOP"),
]

# (query, a shop that must be among the shops found)
SHOPS = [
    ("mere colette", "Fromagerie Mère Colette"),
    ("Mère Colette", "Fromagerie Mère Colette"),
    ("fromagerie", "La Cave à Fromages"),
    ("fromage", "Fromagerie Mère Colette"),
    ("boulangerie", "Au Pain de Viroflay"),
    ("patisserie", "Maison Rieussec"),
    ("boucheri", "Boucherie Lemoine"),
    ("fleuriste", "Fleurs de Jouy"),
    ("fleurs", "Fleurs de Jouy"),
    ("librairie", "Librairie La Plume"),
    ("pizzeria", "Pizzeria Da Marco"),
    ("crepes", "Crêperie Ty Viroflay"),
    ("creperie", "Crêperie Ty Viroflay"),
    ("epicerie fine", "Le Garde-Manger"),
    ("vrac", "Vrac et Bocaux"),
    ("cordonerie", "Cordonnerie Minute"),  # typo
    ("fromagrie", "Fromagerie Mère Colette"),  # typo
]


def product_titles(query: str, client) -> list[str]:
    response = client.get(SEARCH, {"q": query})
    assert response.status_code == 200
    return [product.title for product in response.context["products"]]


def shop_names(query: str, client) -> list[str]:
    response = client.get(SEARCH, {"q": query})
    return [shop.name for shop in response.context["shops_found"]]


@pytest.mark.parametrize(("query", "title"), PRODUCTS)
def test_everyday_query_finds_the_product(demo_town, client, query: str, title: str) -> None:
    assert title in product_titles(query, client)[:TOP]


@pytest.mark.parametrize(("query", "shop"), SHOPS)
def test_everyday_query_finds_the_shop(demo_town, client, query: str, shop: str) -> None:
    assert shop in shop_names(query, client)


@pytest.mark.parametrize(
    ("query", "shop"), [("mere colette", "Fromagerie Mère Colette"), ("da marco", "Pizzeria Da Marco")]
)
def test_a_shops_name_finds_its_products(demo_town, client, query: str, shop: str) -> None:
    products = client.get(SEARCH, {"q": query}).context["products"]
    sellers = {record.partner.name for product in products for record in product.stockrecords.all()}
    assert products and sellers == {shop}


def test_a_title_starting_with_the_words_comes_before_one_holding_them(demo_town, client) -> None:
    titles = product_titles("pain", client)
    # "Pain …" titles first; "Pain d'épices au miel" too; then titles that only hold the word.
    assert titles[0].startswith("Pain")
    assert all(title.startswith("Pain") for title in titles[:12])


def test_a_title_match_comes_before_a_description_or_trade_match(demo_town, client) -> None:
    # "Chocolat" is in a bakery's titles, in the chocolate maker's category and in descriptions.
    titles = product_titles("chocolat", client)
    first_without = next(index for index, title in enumerate(titles) if "chocolat" not in title.lower())
    assert all("chocolat" not in title.lower() for title in titles[first_without:])


def test_nothing_found_suggests_close_words_and_trades(demo_town, client) -> None:
    response = client.get(SEARCH, {"q": "fromaxxxe"})
    assert not response.context["products"]
    page = response.content.decode()
    assert "Did you mean" in page
    assert response.context["did_you_mean"]
    assert any(trade.slug == "fromagerie" for trade in response.context["trades"])
    assert "?category=fromagerie" in page


def test_only_stop_words_find_nothing_without_error(demo_town, client) -> None:
    response = client.get(SEARCH, {"q": "de la"})
    assert response.status_code == 200
    assert response.context["paginator"].count == 0


def test_the_directory_search_uses_the_same_rules(demo_town, client) -> None:
    response = client.get(DIRECTORY, {"q": "fromagrie"})
    names = [listing.shop.name for listing in response.context["listings"]]
    assert {"Fromagerie Mère Colette", "La Cave à Fromages"} <= set(names)


@pytest.mark.parametrize(
    ("typed", "product", "shop"),
    [("cr", "Crème fraîche épaisse (25 cl)", None), ("colet", None, "Fromagerie Mère Colette")],
)
def test_suggestions_after_two_letters(
    demo_town, client, typed: str, product: str | None, shop: str | None
) -> None:
    data = client.get(reverse("search-suggestions"), {"q": typed}).json()
    if product:
        assert product in [item["title"] for item in data["products"]]
    if shop:
        assert shop in [item["name"] for item in data["shops"]]
        assert data["shops"][0]["url"] == reverse("shops:detail", kwargs={"slug": "fromagerie-mere-colette"})


def test_no_suggestion_for_one_letter(demo_town, client) -> None:
    assert client.get(reverse("search-suggestions"), {"q": "c"}).json() == {"products": [], "shops": []}


@pytest.mark.french
def test_in_french_nothing_found_says_vouliez_vous_dire(demo_town, client) -> None:
    page = client.get(SEARCH, {"q": "fromaxxxe"}).content.decode()
    assert "Vouliez-vous dire :" in page
    assert "Les commerces qui pourraient le vendre :" in page
    assert "Chercher des produits et des commerces" in page  # the header box's label


@pytest.mark.french
def test_a_very_long_query_is_said_shortened_and_an_empty_one_asks_for_words(demo_town, client) -> None:
    long = client.get(reverse("search:search"), {"q": "x" * 3000}).content.decode()
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", long, re.S).group(1)
    assert len(heading) < 200 and "…" in heading  # not three thousand characters filling the phone

    empty = client.get(reverse("search:search"), {"q": ""}).content.decode()
    assert "Résultats pour" not in empty
    assert "Tapez ce que vous cherchez dans la zone de recherche" in empty
