"""The Django admin's market page goes through the town hall's market service, as the dashboard does:
the same refusals over booked stall orders, the lock, and the log; breaks and cancellations are only
taken back there (adding one is the dashboard's, which cancels a session's orders with the reason)."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from markets.models import Market, MarketCancellation
from orders.models import Status
from shops.factories import ProductFactory, UserFactory
from tests.markets.test_stall_pickup import place
from townhall.models import ModerationEvent


@pytest.fixture
def admin(db) -> Client:
    client = Client()
    client.force_login(UserFactory(email="admin@example.com", is_staff=True, is_superuser=True))
    return client


def admin_data(market: Market, **changes) -> dict:
    """What the admin's change page posts: the market's fields and the two empty inline formsets."""
    data = {
        "name": market.name,
        "place": market.place,
        "weekday": market.weekday,
        "opens": market.opens.strftime("%H:%M"),
        "closes": market.closes.strftime("%H:%M"),
        "stallholders": [shop.pk for shop in market.stallholders.all()],
        "is_active": "on",
    }
    for prefix, rows in (("breaks", market.breaks.all()), ("cancellations", market.cancellations.all())):
        data.update({f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": len(rows)})
        data.update({f"{prefix}-MIN_NUM_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000})
        for index, row in enumerate(rows):
            data.update({f"{prefix}-{index}-id": row.pk, f"{prefix}-{index}-market": market.pk})
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def change_url(market: Market) -> str:
    return reverse("admin:markets_market_change", args=[market.pk])


@pytest.mark.django_db
def test_stopping_a_market_with_stall_orders_ahead_is_refused_in_the_admin_too(admin, market, booked):
    response = admin.post(change_url(market), admin_data(market, is_active=None, name="Marché d'hiver"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "1 order is booked for pickup at this market&#x27;s stalls (Saturday 28 November)." in html
    assert "Call those sessions off first" in html
    market.refresh_from_db()
    assert market.is_active and market.name == "Marché du samedi"
    booked.refresh_from_db()
    assert booked.status == Status.PLACED
    assert not ModerationEvent.objects.exists()


@pytest.mark.django_db
def test_moving_the_day_or_removing_a_booked_stallholder_is_refused_in_the_admin(
    admin, market, stall, booked
):
    for change in ({"weekday": 6}, {"stallholders": []}):
        response = admin.post(change_url(market), admin_data(market, **change))
        assert response.status_code == 200
        assert "1 order is booked for pickup at this market&#x27;s stalls" in response.content.decode()
    market.refresh_from_db()
    assert market.weekday == 5 and list(market.stallholders.all()) == [stall]


@pytest.mark.django_db
def test_an_admin_change_without_booked_orders_is_saved_and_logged_as_on_the_dashboard(admin, market):
    response = admin.post(change_url(market), admin_data(market, opens="07:30", is_active=None))

    assert response.status_code == 302
    market.refresh_from_db()
    assert market.opens == dt.time(7, 30) and not market.is_active
    actions = set(ModerationEvent.objects.values_list("action", "actor__email"))
    assert actions == {("market_stopped", "admin@example.com"), ("market_edited", "admin@example.com")}


@pytest.mark.django_db
def test_the_admin_takes_back_a_cancelled_session_logged_but_cannot_add_one(admin, market, stall):
    cancellation = MarketCancellation.objects.create(
        market=market, date=dt.date(2026, 11, 28), reason="Tempête"
    )
    page = admin.get(change_url(market))
    assert 'name="cancellations-__prefix__-date"' not in page.content.decode()  # no row to add

    data = admin_data(market)
    data["cancellations-0-DELETE"] = "on"
    assert admin.post(change_url(market), data).status_code == 302

    assert not MarketCancellation.objects.filter(pk=cancellation.pk).exists()
    event = ModerationEvent.objects.get()
    assert event.action == "cancellation_removed" and "Tempête" in event.subject


@pytest.mark.django_db
def test_an_admin_cannot_slip_a_cancellation_in_that_would_skip_cancelling_its_orders(admin, market, stall):
    order = place(stall, ProductFactory(shop=stall, stock=5), market_id=market.pk).orders.get()
    data = admin_data(market)
    data.update({"cancellations-TOTAL_FORMS": 1, "cancellations-0-date": "2026-11-28"})
    data.update({"cancellations-0-reason": "Tempête", "cancellations-0-market": market.pk})

    admin.post(change_url(market), data)

    assert not MarketCancellation.objects.exists()
    order.refresh_from_db()
    assert order.status == Status.PLACED
