"""The resident's checkout offers only the times every product of a shop's part allows."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from orders.models import Order
from shops.factories import ProductFactory, ShopFactory
from shops.models import ProductDetails

PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=PARIS)  # a Tuesday; shops open Mon–Sat 8–13, 15–19:30


@pytest.fixture(autouse=True)
def _tuesday_morning():
    with time_machine.travel(NOW, tick=False):
        yield


def offered_starts(html: str, shop) -> list[dt.datetime]:
    select = re.search(rf'<select name="shop-{shop.pk}-slot".*?</select>', html, re.S).group(0)
    values = re.findall(r'<option value="(\d{4}-\d\d-\d\dT\d\d:\d\d)"', select)
    return [dt.datetime.strptime(v, "%Y-%m-%dT%H:%M").replace(tzinfo=dt.UTC) for v in values]


def add(client, product, quantity=1):
    assert (
        client.post(reverse("basket:add", kwargs={"pk": product.pk}), {"quantity": quantity}).status_code
        == 302
    )


@pytest.mark.django_db
def test_the_baker_adds_a_cake_needing_48_hours_and_the_checkout_offers_no_slot_before_then(client):
    baker = ShopFactory(name="Fournil du Marché")
    cake = ProductFactory(shop=baker, title="Fraisier")
    ProductDetails.objects.create(product=cake, preparation_hours=48)
    add(client, ProductFactory(shop=baker, title="Baguette"))
    bread_only = client.get(reverse("checkout:index")).content.decode()
    before = offered_starts(bread_only, baker)
    assert min(before) < NOW + dt.timedelta(hours=2)  # bread alone: this morning
    assert "Ready at the earliest" in bread_only  # the shop's own preparation time

    add(client, cake)
    page = client.get(reverse("checkout:index")).content.decode()
    assert "Fraisier: Available from Thursday 26 November." in page  # why the times start then
    assert "Ready at the earliest" not in page  # the shop's minutes no longer say when
    starts = offered_starts(page, baker)
    assert starts and min(starts) >= NOW + dt.timedelta(hours=48)
    assert min(starts) == dt.datetime(2026, 11, 26, 9, tzinfo=PARIS)

    # A time the page did not offer, posted anyway, is refused and nothing is placed.
    tampered = dt.datetime(2026, 11, 24, 16, tzinfo=PARIS).astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("checkout:index"),
        {
            "first_name": "Camille",
            "last_name": "Martin",
            "email": "camille@example.com",
            "phone": "06 12 34 56 78",
            f"shop-{baker.pk}-method": "pickup",
            f"shop-{baker.pk}-slot": tampered,
        },
    )
    assert response.status_code == 200
    assert "no longer available" in response.content.decode()
    assert Order.objects.count() == 0


@pytest.mark.django_db
def test_a_saturdays_only_product_gets_only_saturday_slots(client):
    baker = ShopFactory(name="Fournil du Marché")
    brioche = ProductFactory(shop=baker, title="Brioche du samedi")
    ProductDetails.objects.create(product=brioche, weekdays="5")
    add(client, brioche)
    starts = offered_starts(client.get(reverse("checkout:index")).content.decode(), baker)
    assert starts
    assert {start.astimezone(PARIS).weekday() for start in starts} == {5}


@pytest.mark.django_db
def test_the_basket_and_product_page_say_from_when_a_product_can_be_had(client):
    baker = ShopFactory(name="Fournil du Marché")
    brioche = ProductFactory(shop=baker, title="Brioche du samedi")
    ProductDetails.objects.create(product=brioche, weekdays="5")
    bread = ProductFactory(shop=baker, title="Baguette")
    page = client.get(brioche.get_absolute_url()).content.decode()
    assert "Available from Saturday 28 November." in page
    assert "Available from" not in client.get(bread.get_absolute_url()).content.decode()

    add(client, brioche)
    add(client, bread)
    basket = client.get(reverse("basket:summary")).content.decode()
    assert basket.count("Available from Saturday 28 November.") == 1


@pytest.mark.django_db
def test_a_product_ready_after_closing_time_is_said_available_the_day_of_its_first_slot(client):
    """A 24-hour entrecôte looked at on Tuesday 22:05 is ready Wednesday 22:05, after the shop closes
    (19:30): it can be had Thursday, the day of its first time at checkout, not "Wednesday"."""
    butcher = ShopFactory(name="Boucherie Lemoine")
    entrecote = ProductFactory(shop=butcher, title="Entrecôte")
    ProductDetails.objects.create(product=entrecote, preparation_hours=24)
    with time_machine.travel(dt.datetime(2026, 11, 24, 22, 5, tzinfo=PARIS), tick=False):
        page = client.get(entrecote.get_absolute_url()).content.decode()
        add(client, entrecote)
        checkout = client.get(reverse("checkout:index")).content.decode()
    assert "Available from Thursday 26 November." in page
    assert min(offered_starts(checkout, butcher)).astimezone(PARIS).date() == dt.date(2026, 11, 26)
