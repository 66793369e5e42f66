"""The daily status board: every approved shop's day, as a page and as a JSON feed for the town's site."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shops.factories import ClosureFactory, ShopFactory
from shops.models import Partner

pytestmark = pytest.mark.django_db

# Wednesday 25 November 2026, 10:00 in Paris: factory shops (8:00–13:00, 15:00–19:30) are open.
WEDNESDAY_MORNING = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


def feed(client) -> dict:
    with time_machine.travel(WEDNESDAY_MORNING, tick=False):
        response = client.get(reverse("status-board-json"))
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    return {shop["name"]: shop for shop in response.json()["shops"]}


def test_the_feed_tells_each_shops_day_from_its_own_settings(client) -> None:
    ShopFactory(name="Boulangerie", offers_delivery=True, offers_call_collect=True)
    ShopFactory(name="Fleuriste", temporarily_closed=True, closed_message="Back on Monday")
    inventory = ShopFactory(name="Librairie")
    ClosureFactory(shop=inventory, start_date=dt.date(2026, 11, 25), reason="Inventory")
    ShopFactory(name="Evening bar", hours=[(dt.time(18), dt.time(0))], offers_click_collect=False)
    ShopFactory(name="Waiting shop", approval=Partner.Approval.PENDING)

    shops = feed(client)

    assert set(shops) == {"Boulangerie", "Fleuriste", "Librairie", "Evening bar"}
    bakery = shops["Boulangerie"]
    assert bakery["open_now"] is True
    assert bakery["status"] == "Open until 13:00"
    assert bakery["hours_today"] == ["8:00–13:00", "15:00–19:30"]
    assert bakery["sales_modes"] == {"click_collect": True, "call_collect": True, "delivery": True}
    assert shops["Fleuriste"]["temporarily_closed"] is True
    assert shops["Fleuriste"]["closed_message"] == "Back on Monday"
    assert shops["Fleuriste"]["closed_today"] is True and shops["Fleuriste"]["open_now"] is False
    assert shops["Librairie"]["closed_today_reason"] == "Inventory"
    assert (
        shops["Librairie"]["hours_today"] == [] and shops["Librairie"]["status"] == "Closed today: Inventory"
    )
    assert shops["Evening bar"]["open_now"] is False
    assert shops["Evening bar"]["hours_today"] == ["18:00–midnight"]
    assert shops["Evening bar"]["status"] == "Opens at 18:00"
    assert shops["Evening bar"]["sales_modes"]["click_collect"] is False


def test_the_board_page_lists_the_same(client) -> None:
    ShopFactory(name="Boulangerie")
    inventory = ShopFactory(name="Librairie")
    ClosureFactory(shop=inventory, start_date=dt.date(2026, 11, 25), reason="Inventory")
    with time_machine.travel(WEDNESDAY_MORNING, tick=False):
        page = client.get(reverse("status-board")).content.decode()
    assert "Boulangerie" in page and "Open until 13:00" in page and "8:00–13:00" in page
    assert "Closed today: Inventory" in page
    assert reverse("status-board-json") in page


def test_the_feed_costs_the_same_queries_for_one_or_many_shops(client) -> None:
    ShopFactory()
    ClosureFactory()
    url = reverse("status-board-json")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(20):
        ClosureFactory(shop=ShopFactory(offers_delivery=True))
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(url).json()["shops"]) == 22
    assert len(many.captured_queries) == len(one.captured_queries)
