"""Quick offers "today at my counter": posted by the merchant in one short form, seen on the home page
and the shop's page, bought through the same checkout within the window, gone after it."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from oscar.core.loading import get_model
from PIL import Image

from orders.models import Order
from shops.factories import ClosureFactory, ShopFactory, make_merchant
from shops.models import CounterOffer

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 11, 24, 15, 10, tzinfo=PARIS)  # a Tuesday afternoon; shops open 15:00–19:30
OFFER_URL = reverse("dashboard:merchant-counter-offer")


def utc_value(hour: int, minute: int = 0) -> str:
    return dt.datetime(2026, 11, 24, hour, minute, tzinfo=PARIS).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M")


def photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 120, 40)).save(buffer, "JPEG")
    return SimpleUploadedFile("panier.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture(autouse=True)
def _tuesday_afternoon():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def baker(db):
    return ShopFactory(name="Fournil du Marché")


@pytest.fixture
def merchant(baker) -> Client:
    client = Client()
    client.force_login(make_merchant(baker))
    return client


OFFER = {"title": "Panier de fin de journée", "price": "5,00", "quantity": "3", "pickup_from": "17:00",
         "pickup_until": "19:00"}  # fmt: skip


def test_the_baker_posts_an_end_of_day_basket_and_a_resident_buys_it_in_the_window(merchant, baker, client):
    form = merchant.get(OFFER_URL).content.decode()
    assert 'capture="environment"' in form and 'type="time"' in form
    response = merchant.post(OFFER_URL, {**OFFER, "photo": photo()})
    assert response.status_code == 302
    offer = Product.objects.get(title="Panier de fin de journée")
    assert offer.images.count() == 1
    assert offer.counter_offer.pickup_from == dt.datetime(2026, 11, 24, 17, tzinfo=PARIS)

    home = client.get(reverse("home")).content.decode()
    assert "Today at the counter" in home and "Panier de fin de journée" in home
    assert "To collect today from 17:00 to 19:00" in home and "3 left" in home
    shop_page = client.get(reverse("shops:detail", kwargs={"slug": baker.code})).content.decode()
    assert "Panier de fin de journée" in shop_page and "To collect today from 17:00 to 19:00" in shop_page

    assert client.post(reverse("basket:add", kwargs={"pk": offer.pk}), {"quantity": 1}).status_code == 302
    checkout = client.get(reverse("checkout:index")).content.decode()
    offered = set(
        __import__("re")
        .findall(rf'name="shop-{baker.pk}-slot".*?</select>', checkout, 16)[0]
        .split('value="')[1:]
    )
    starts = sorted(value.split('"')[0] for value in offered if value[:1].isdigit())
    assert starts[0] == utc_value(17) and starts[-1] == utc_value(18, 30)  # inside the window only

    data = {
        "first_name": "Camille",
        "last_name": "Martin",
        "email": "camille@example.com",
        "phone": "06 12 34 56 78",
        f"shop-{baker.pk}-method": "pickup",
    }
    refused = client.post(reverse("checkout:index"), {**data, f"shop-{baker.pk}-slot": utc_value(16)})
    assert refused.status_code == 200 and Order.objects.count() == 0
    placed = client.post(reverse("checkout:index"), {**data, f"shop-{baker.pk}-slot": utc_value(17, 30)})
    assert placed.status_code == 302
    order = Order.objects.get()
    assert order.lines.get().product == offer
    record = StockRecord.objects.get(product=offer)
    assert record.num_in_stock - record.num_allocated == 2
    assert "2 left" in client.get(reverse("home")).content.decode()

    with time_machine.travel(dt.datetime(2026, 11, 24, 19, 0, tzinfo=PARIS), tick=False):
        assert "Panier de fin de journée" not in client.get(reverse("home")).content.decode()
        assert client.get(offer.get_absolute_url()).status_code == 404
        assert "Panier de fin de journée" not in client.get(reverse("catalogue:index")).content.decode()


def test_a_sold_out_offer_leaves_the_home_page(merchant, client):
    merchant.post(OFFER_URL, {**OFFER, "quantity": "1"})
    offer = Product.objects.get()
    StockRecord.objects.filter(product=offer).update(num_allocated=1)
    assert "Today at the counter" not in client.get(reverse("home")).content.decode()


def test_a_window_already_over_is_refused_keeping_what_was_typed_and_the_photo(merchant):
    response = merchant.post(
        OFFER_URL, {**OFFER, "pickup_from": "13:00", "pickup_until": "14:00", "photo": photo()}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "This window has already ended today" in html
    assert 'value="Panier de fin de journée"' in html and "Your photo is kept" in html
    assert not CounterOffer.objects.exists()
    token = response.context["form"].data["photo_token"]
    assert merchant.post(OFFER_URL, {**OFFER, "photo_token": token}).status_code == 302
    assert Product.objects.get().images.count() == 1


def test_residents_and_the_town_hall_cannot_post_an_offer(client, db):
    assert client.get(OFFER_URL).status_code in (302, 403)
    assert client.post(OFFER_URL, OFFER).status_code in (302, 403)
    assert not Product.objects.exists()


def test_the_home_page_says_it_in_french(client, merchant):
    merchant.post(OFFER_URL, OFFER)
    home = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Aujourd’hui au comptoir" in home and "À retirer aujourd’hui de 17:00 à 19:00" in home
    assert "3 restants" in home


@pytest.mark.parametrize(
    "closed",
    [
        pytest.param({"pickup_from": "20:00", "pickup_until": "21:00"}, id="after-closing-time"),
        pytest.param("closure", id="closed-today"),
        pytest.param("temporarily", id="temporarily-closed"),
    ],
)
def test_a_window_when_the_shop_is_closed_is_refused(merchant, baker, client, closed):
    # Residents would see the offer on the home page and find no time to collect it at checkout.
    data = dict(OFFER)
    if closed == "closure":
        ClosureFactory(shop=baker, start_date=NOW.date(), end_date=NOW.date(), reason="Inventaire")
    elif closed == "temporarily":
        baker.temporarily_closed = True
        baker.save()
    else:
        data.update(closed)
    response = merchant.post(OFFER_URL, data)
    assert response.status_code == 400
    assert "Your shop is closed during this window today" in response.content.decode()
    assert 'value="Panier de fin de journée"' in response.content.decode()
    assert not CounterOffer.objects.exists()
    assert "Today at the counter" not in client.get(reverse("home")).content.decode()
