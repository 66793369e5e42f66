"""The daily status board: every approved shop's day, as a page and as a JSON feed for the town's site."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from markets.models import Market, MarketBreak, MarketCancellation
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
    assert bakery["sales_modes"] == {
        "click_collect": True,
        "call_collect": True,
        "delivery": True,
        "market_pickup": False,
    }
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


# --- Stallholders on their market days


def wednesday_market(**kwargs) -> Market:
    return Market.objects.create(
        name="Marché du mercredi",
        place="Place de l'Église",
        weekday=2,
        opens=dt.time(8),
        closes=dt.time(12, 30),
        **kwargs,
    )


def test_a_stallholder_without_premises_is_at_the_market_on_a_held_session_day(client) -> None:
    market = wednesday_market()
    gardener = ShopFactory(name="Le Potager de Marcel", hours=False, offers_market_pickup=True)
    cheese = ShopFactory(name="Fromagerie", hours=False)  # a stall, but no pickup there
    market.stallholders.add(gardener, cheese)

    shops = feed(client)

    marcel = shops["Le Potager de Marcel"]
    assert marcel["closed_today"] is False and marcel["open_now"] is True
    assert marcel["status"] == "Open until 12:30"
    assert marcel["hours_today"] == []
    assert marcel["markets_today"] == [
        {"name": "Marché du mercredi", "place": "Place de l'Église", "hours": "8:00–12:30"}
    ]
    assert marcel["sales_modes"]["click_collect"] is True and marcel["sales_modes"]["market_pickup"] is True
    assert shops["Fromagerie"]["closed_today"] is False
    assert shops["Fromagerie"]["sales_modes"]["market_pickup"] is False
    with time_machine.travel(WEDNESDAY_MORNING, tick=False):
        page = client.get(reverse("status-board")).content.decode()
    assert "At Marché du mercredi, Place de l&#x27;Église: 8:00–12:30" in page
    assert "Order online, collect at the stall" in page


def test_before_the_market_it_opens_at_the_session_and_on_other_days_it_is_closed(client) -> None:
    wednesday_market().stallholders.add(ShopFactory(name="Le Potager de Marcel", hours=False))
    with time_machine.travel(dt.datetime(2026, 11, 25, 6, 30, tzinfo=dt.UTC), tick=False):
        early = client.get(reverse("status-board-json")).json()["shops"][0]
    with time_machine.travel(dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC), tick=False):
        thursday = client.get(reverse("status-board-json")).json()["shops"][0]
    assert early["status"] == "Opens at 8:00" and early["open_now"] is False
    assert thursday["status"] == "Closed" and thursday["closed_today"] is True
    assert thursday["markets_today"] == []


@pytest.mark.parametrize("off", ["break", "cancelled", "not held"])
def test_a_session_not_held_leaves_the_stallholder_closed(client, off) -> None:
    market = wednesday_market(is_active=off != "not held")
    market.stallholders.add(ShopFactory(name="Le Potager de Marcel", hours=False, offers_market_pickup=True))
    if off == "break":
        winter = {"start_date": dt.date(2026, 11, 1), "end_date": dt.date(2027, 3, 1)}
        MarketBreak.objects.create(market=market, **winter)
    if off == "cancelled":
        MarketCancellation.objects.create(market=market, date=dt.date(2026, 11, 25), reason="Tempête")

    marcel = feed(client)["Le Potager de Marcel"]

    assert marcel["closed_today"] is True and marcel["open_now"] is False
    assert marcel["markets_today"] == [] and marcel["sales_modes"]["market_pickup"] is False


def test_markets_cost_the_same_queries_for_one_or_many_stallholders(client) -> None:
    wednesday_market().stallholders.add(ShopFactory(hours=False))
    url = reverse("status-board-json")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(3):
        wednesday_market().stallholders.add(*(ShopFactory(hours=False) for _ in range(5)))
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(url).json()["shops"]) == 16
    assert len(many.captured_queries) == len(one.captured_queries)


@pytest.mark.french
def test_the_market_line_speaks_french_first(client) -> None:
    wednesday_market().stallholders.add(ShopFactory(name="Le Potager de Marcel", hours=False))
    with time_machine.travel(WEDNESDAY_MORNING, tick=False):
        page = client.get(reverse("status-board")).content.decode()
    assert "Sur le marché : Marché du mercredi, Place de l&#x27;Église, 8:00–12:30" in page
