"""Weekly markets: the calendar rules, the town hall running them, residents seeing the next sessions."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from markets.calendar import Session, next_sessions, status_at_the_market
from markets.models import Market, MarketBreak, MarketCancellation
from shops.factories import ShopFactory
from shops.hours import ClosurePeriod, ShopStatus
from shops.models import Partner

SATURDAY = 5
WEDNESDAY_25_NOV = dt.date(2026, 11, 25)
WEDNESDAY_MORNING = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


# --- The calendar, without a database


def test_sessions_fall_on_the_market_day_from_today() -> None:
    assert next_sessions(weekday=SATURDAY, today=WEDNESDAY_25_NOV, count=3) == [
        Session(dt.date(2026, 11, 28)),
        Session(dt.date(2026, 12, 5)),
        Session(dt.date(2026, 12, 12)),
    ]
    # A market held today lists today's session.
    assert next_sessions(weekday=2, today=WEDNESDAY_25_NOV, count=1) == [Session(WEDNESDAY_25_NOV)]


def test_breaks_are_skipped_and_cancellations_listed_with_their_reason() -> None:
    sessions = next_sessions(
        weekday=SATURDAY,
        today=WEDNESDAY_25_NOV,
        count=3,
        breaks=[(dt.date(2026, 12, 1), dt.date(2026, 12, 12))],
        cancellations={dt.date(2026, 11, 28): "Storm warning"},
    )
    assert sessions == [
        Session(dt.date(2026, 11, 28), "Storm warning"),
        Session(dt.date(2026, 12, 19)),
        Session(dt.date(2026, 12, 26)),
    ]
    assert sessions[0].is_cancelled and not sessions[1].is_cancelled


def test_a_break_of_more_than_a_year_ends_the_list() -> None:
    sessions = next_sessions(
        weekday=SATURDAY, today=WEDNESDAY_25_NOV, count=3, breaks=[(WEDNESDAY_25_NOV, dt.date(2030, 1, 1))]
    )
    assert sessions == []


# --- The town hall runs the markets; residents see them


def test_a_stallholder_is_open_while_at_its_market_and_opens_at_the_next_session() -> None:
    def at(hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime(2026, 11, 25, hour, minute, tzinfo=dt.UTC)

    sessions = [(at(7), at(11, 30))]
    no_premises = ShopStatus(is_open=False)
    at_market = ShopStatus(is_open=True, closes_at=at(11, 30))
    assert status_at_the_market(no_premises, sessions, at(9)) == at_market
    assert status_at_the_market(no_premises, sessions, at(6)).next_opening == at(7)
    assert status_at_the_market(no_premises, sessions, at(11, 30)) == no_premises
    # The shop itself opening sooner, or open already, keeps its own status.
    shop_first = ShopStatus(is_open=False, next_opening=at(6, 30))
    assert status_at_the_market(shop_first, sessions, at(6)) == shop_first
    # Temporarily closed, or closed today for a reason: not at the market either.
    for closed in (
        ShopStatus(is_open=False, temporarily_closed=True),
        ShopStatus(is_open=False, closure=ClosurePeriod(WEDNESDAY_25_NOV, WEDNESDAY_25_NOV, "Congés")),
    ):
        assert status_at_the_market(closed, sessions, at(9)) == closed


@pytest.mark.django_db
def test_the_town_hall_sets_up_a_market_and_residents_see_its_next_sessions(town_hall, client) -> None:
    cheese = ShopFactory(name="Fromagerie Lait Cru")
    ShopFactory(name="Suspended stall", approval=Partner.Approval.SUSPENDED)

    response = town_hall.post(
        reverse("dashboard:market-create"),
        {
            "name": "Marché Saint-Eustache",
            "place": "Place de l'église",
            "weekday": SATURDAY,
            "opens": "08:00",
            "closes": "13:00",
            "stallholders": [cheese.pk],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    market = Market.objects.get()
    assert list(market.stallholders.all()) == [cheese]

    cancel_url = reverse("dashboard:market-cancel-session", args=[market.pk])
    wrong_day = town_hall.post(cancel_url, {"date": "2026-11-27", "reason": "Storm warning"})
    assert wrong_day.status_code == 200 and "is held on Saturday" in wrong_day.content.decode()
    assert town_hall.post(cancel_url, {"date": "2026-11-28", "reason": "Storm warning"}).status_code == 302
    break_url = reverse("dashboard:market-add-break", args=[market.pk])
    assert (
        town_hall.post(
            break_url, {"start_date": "2026-12-01", "end_date": "2026-12-12", "reason": "Works"}
        ).status_code
        == 302
    )
    assert MarketCancellation.objects.get().reason == "Storm warning"
    assert MarketBreak.objects.get().reason == "Works"

    with time_machine.travel(WEDNESDAY_MORNING, tick=False):
        page = client.get(reverse("markets")).content.decode()
        home = client.get(reverse("home")).content.decode()
    assert "Marché Saint-Eustache" in page and "Every Saturday, 8:00–13:00" in page
    assert "Saturday 28 November" in page and "Cancelled: Storm warning" in page
    assert "Saturday 5 December" not in page and "Saturday 19 December" in page
    assert "Fromagerie Lait Cru" in page and "Suspended stall" not in page
    assert "Next markets" in home and "Cancelled: Storm warning" in home and "Saturday 19 December" in home

    # The storm passed: the town hall removes the cancellation and the session is on again.
    listed = town_hall.get(reverse("dashboard:market-list")).content.decode()
    delete_url = reverse("dashboard:market-cancellation-delete", args=[MarketCancellation.objects.get().pk])
    assert delete_url in listed
    assert town_hall.post(delete_url).status_code == 302
    with time_machine.travel(WEDNESDAY_MORNING, tick=False):
        page = client.get(reverse("markets")).content.decode()
    assert "Saturday 28 November" in page and "Storm warning" not in page


@pytest.mark.django_db
def test_a_market_no_longer_held_is_not_shown(client) -> None:
    Market.objects.create(
        name="Old market",
        place="Square",
        weekday=SATURDAY,
        opens=dt.time(8),
        closes=dt.time(12),
        is_active=False,
    )
    assert "Old market" not in client.get(reverse("markets")).content.decode()
    assert "Next markets" not in client.get(reverse("home")).content.decode()


def a_market_with_stall_break_and_cancellation(number: int) -> None:
    market = Market.objects.create(
        name=f"Market {number}", place="Square", weekday=SATURDAY, opens=dt.time(8), closes=dt.time(12)
    )
    market.stallholders.add(ShopFactory(), ShopFactory())
    MarketBreak.objects.create(market=market, start_date=dt.date(2027, 7, 1), end_date=dt.date(2027, 8, 31))
    MarketCancellation.objects.create(market=market, date=dt.date(2026, 12, 5), reason="Storm")


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["markets", "dashboard:market-list"])
def test_market_pages_cost_the_same_queries_for_one_or_many_markets(town_hall, page) -> None:
    url = reverse(page)
    with time_machine.travel(WEDNESDAY_MORNING, tick=False):
        a_market_with_stall_break_and_cancellation(1)
        town_hall.get(url)  # the first request of a session fills caches (site, permissions)
        with CaptureQueriesContext(connection) as one:
            assert town_hall.get(url).status_code == 200
        for number in range(2, 7):
            a_market_with_stall_break_and_cancellation(number)
        with CaptureQueriesContext(connection) as many:
            assert "Market 6" in town_hall.get(url).content.decode()
    assert len(many.captured_queries) == len(one.captured_queries)
