"""The merchant's phone order and the orders for a person not online: each product with its price, and
only times the products can be had, a chosen product that cannot be had then named before placing."""

import datetime as dt
import html
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model

from accompaniment.factories import make_manager
from checkout.models import OfflineResident, Relative
from orders.models import Fulfilment, Order
from orders.placement import shop_slots
from shops.factories import ProductFactory, ShopFactory, UserFactory, make_merchant
from shops.models import ProductDayCount, ProductDetails

Basket = get_model("basket", "Basket")

PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=PARIS)  # a Tuesday; shops open Mon–Sat 8–13, 15–19:30
FOUR_PM = dt.datetime(2026, 11, 24, 16, 0, tzinfo=PARIS)
THURSDAY_NINE = dt.datetime(2026, 11, 26, 9, 0, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _tuesday_morning():
    with time_machine.travel(NOW, tick=False):
        yield


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def slot_value(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M")


def select(page: str, name: str) -> str:
    return re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)


def option_texts(page: str, name: str) -> list[str]:
    """The options of a select as read on screen (entities decoded, no-break spaces as spaces)."""
    texts = re.findall(r"<option[^>]*>([^<]*)</option>", select(page, name))
    return [html.unescape(text).replace("\xa0", " ") for text in texts]


def offered(page: str, name: str = "slot") -> list[dt.datetime]:
    values = re.findall(r'<option value="(\d{4}-\d\d-\d\dT\d\d:\d\d)"', select(page, name))
    return [dt.datetime.strptime(v, "%Y-%m-%dT%H:%M").replace(tzinfo=dt.UTC) for v in values]


def saturdays_only(starts: list[dt.datetime]) -> bool:
    days = {start.astimezone(PARIS).date() for start in starts}
    return dt.date(2026, 11, 28) in days and {day.weekday() for day in days} == {5}


def error_under(page: str, name: str) -> str:
    """The error shown right under a select (the field it is about), "" when there is none."""
    found = re.search(rf'<select name="{name}".*?</select>\s*<p[^>]*>([^<]*)</p>', page, re.S)
    return html.unescape(found.group(1)).replace("\xa0", " ") if found else ""


def nothing_written() -> bool:
    return not Order.objects.exists() and not Basket.objects.exists() and not ProductDayCount.objects.exists()


@pytest.fixture
def butcher(db):
    shop = ShopFactory(name="Boucherie Lemoine", offers_delivery=True)
    steak = ProductFactory(shop=shop, title="Entrecôte de bœuf", price="32.00")
    ProductDetails.objects.create(product=steak, unit=ProductDetails.Unit.KG)
    stock = ProductFactory(shop=shop, title="Fond de veau", price="4.50")
    ProductDetails.objects.create(product=stock, unit=ProductDetails.Unit.LITRE)
    ProductFactory(shop=shop, title="Saucisse de Toulouse", price="1.30")
    return shop


@pytest.fixture
def senior(db):
    return OfflineResident.objects.create(
        first_name="Germaine",
        last_name="Lefèvre",
        phone="+33130245510",
        preferred_contact=OfflineResident.Contact.VOICE,
        line1="12 rue Rieussec",
        postcode="78220",
        city="Viroflay",
    )


@pytest.mark.french
def test_every_product_is_listed_with_its_price_and_unit_in_french(butcher, senior):
    ProductFactory(shop=ShopFactory(name="Fromagerie"), title="Comté 18 mois", price="6.50")
    daughter = UserFactory(email="claire@example.com")
    Relative.objects.create(resident=senior, user=daughter, consent="au téléphone")
    kwargs = {"person_pk": senior.pk, "shop_pk": butcher.pk}
    pages = {
        "merchant": logged_in(make_merchant(butcher)).get(reverse("dashboard:order-phone")),
        "agent": logged_in(make_manager()).get(reverse("dashboard:behalf-order", kwargs=kwargs)),
        "relative": logged_in(daughter).get(reverse("checkout:behalf-order", kwargs=kwargs)),
    }
    for who, response in pages.items():
        page = response.content.decode()
        for row in range(5):
            products = option_texts(page, f"product_{row}")
            assert products[1:] == [
                "Entrecôte de bœuf — 32,00 € / kg",
                "Fond de veau — 4,50 € le litre",
                "Saucisse de Toulouse — 1,30 €",
            ], who
        assert "Comté" not in page, who  # another shop's products are never listed
        if who != "merchant":  # what a quantity of a product priced per kg means (the merchant's says it)
            assert "Un produit au prix au kg se compte par 100 g" in page, who

    english = logged_in(make_merchant(butcher)).get(
        reverse("dashboard:order-phone"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Entrecôte de bœuf — €32.00 / kg" in option_texts(english.content.decode(), "product_0")


def test_a_shop_selling_on_saturdays_only_is_offered_saturdays_only(db, senior):
    gardener = ShopFactory(name="Potager de Marcel", offers_delivery=True)
    for title in ("Panier du samedi", "Œufs frais"):
        ProductDetails.objects.create(product=ProductFactory(shop=gardener, title=title), weekdays="5")
    page = logged_in(make_merchant(gardener)).get(reverse("dashboard:order-phone")).content.decode()
    assert saturdays_only(offered(page))

    agent = logged_in(make_manager())
    page = agent.get(
        reverse("dashboard:behalf-order", kwargs={"person_pk": senior.pk, "shop_pk": gardener.pk})
    ).content.decode()
    for name in ("slot", "delivery_slot"):
        assert saturdays_only(offered(page, name)), name


def test_a_cake_needing_48_hours_is_named_when_the_time_is_too_soon_and_nothing_is_placed(db):
    baker = ShopFactory(name="Fournil du Marché")
    bread = ProductFactory(shop=baker, title="Baguette tradition", price="1.30", stock=10)
    cake = ProductFactory(shop=baker, title="Fraisier", price="28.00", stock=5)
    ProductDetails.objects.create(product=cake, preparation_hours=48, daily_cap=3)
    merchant = logged_in(make_merchant(baker))
    url = reverse("dashboard:order-phone")
    # The bread can be had this afternoon: the times it can be are offered.
    assert FOUR_PM in offered(merchant.get(url).content.decode())

    data = {
        "first_name": "Germaine",
        "last_name": "Lefèvre",
        "phone": "01 30 24 55 10",
        "slot": slot_value(FOUR_PM),
        "product_0": bread.pk,
        "quantity_0": 2,
        "product_1": cake.pk,
        "quantity_1": 1,
    }
    response = merchant.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert error_under(page, "slot") == (
        "“Fraisier” must be ordered 48 hours ahead: please choose a time after Thursday 26 November 09:00."
    )
    assert nothing_written() and not bread.stockrecords.get().num_allocated
    # Everything typed is kept, the time too.
    assert 'value="Germaine"' in page and 'value="01 30 24 55 10"' in page
    assert f'<option value="{cake.pk}" selected>' in select(page, "product_1")
    assert 'name="quantity_1" value="1"' in page
    assert f'<option value="{slot_value(FOUR_PM)}" selected>' in select(page, "slot")

    # A time after it: placed.
    assert merchant.post(url, {**data, "slot": slot_value(THURSDAY_NINE)}).status_code == 302
    assert Order.objects.get().slot_start == THURSDAY_NINE


@pytest.mark.french
def test_an_agent_delivering_a_saturday_product_on_a_tuesday_is_told_which_and_when_in_french(db, senior):
    cheese = ShopFactory(name="Fromagerie Mère Colette", offers_delivery=True)
    comte = ProductFactory(shop=cheese, title="Comté 18 mois", price="6.50")
    mont_dor = ProductFactory(shop=cheese, title="Mont d’Or", price="14.00")
    ProductDetails.objects.create(product=mont_dor, weekdays="5")
    window = shop_slots(cheese, now=NOW, fulfilment=Fulfilment.DELIVERY)[0]
    assert window.start.astimezone(PARIS).date() == NOW.date()  # a window today, offered for the comté
    url = reverse("dashboard:behalf-order", kwargs={"person_pk": senior.pk, "shop_pk": cheese.pk})
    data = {
        "product_0": comte.pk,
        "quantity_0": 1,
        "product_1": mont_dor.pk,
        "quantity_1": 1,
        "fulfilment": Fulfilment.DELIVERY,
        "delivery_slot": slot_value(window.start),
    }
    response = logged_in(make_manager()).post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert error_under(page, "delivery_slot") == (
        "« Mont d’Or » n’est pas vendu pour le mardi 24 novembre : "
        "il est disponible à partir du samedi 28 novembre."
    )
    assert nothing_written()
    assert f'<option value="{slot_value(window.start)}" selected>' in select(page, "delivery_slot")
    assert f'<option value="{mont_dor.pk}" selected>' in select(page, "product_1")
    assert re.search(r'value="delivery"[^>]*checked', page)


def test_the_products_are_listed_in_dictionary_order_accents_aside(db):
    shop = ShopFactory(name="Fournil du Marché")
    for title in ("Tarte aux pommes", "Éclair au chocolat", "Baguette tradition"):
        ProductFactory(shop=shop, title=title)
    page = logged_in(make_merchant(shop)).get(reverse("dashboard:order-phone")).content.decode()
    select = re.search(r'<select name="product_0".*?</select>', page, re.S).group(0)
    titles = re.findall(r">([^<>—]+) — ", select)
    assert [title.strip() for title in titles] == [
        "Baguette tradition",
        "Éclair au chocolat",
        "Tarte aux pommes",
    ]
