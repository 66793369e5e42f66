"""The town hall's log: every town-hall action leaves an entry (who, what, when, why); filters, pages, CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from marketplace.models import MerchantPost
from marketplace.oversight.exports import audit_action
from marketplace.roles import ensure_town_hall_group
from shops.factories import ProductFactory, ShopFactory, UserFactory, make_merchant
from shops.models import Partner, ShopEvent

pytestmark = pytest.mark.django_db

LOG = reverse("dashboard:oversight-audit")
EXPORT = reverse("dashboard:oversight-audit-export")
MONDAY = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def town_hall(db) -> Client:
    user = UserFactory(email="mairie@example.com", is_staff=True)
    user.groups.add(ensure_town_hall_group())
    return logged_in(user)


def pending() -> Partner:
    return ShopFactory(
        name="Fleurs de Marie", approval=Partner.Approval.PENDING, contact_email="marie@fleurs.fr"
    )


def suspended() -> Partner:
    return ShopFactory(
        name="Boucherie Martin", approval=Partner.Approval.SUSPENDED, email="martin@example.com"
    )


def shop_action(name: str, shop: Partner, data: dict | None = None) -> tuple[str, dict]:
    return reverse(f"dashboard:shop-application-{name}", args=[shop.pk]), data or {}


# Each town-hall action, done through its page: (what is posted, the entry expected: action, what, shop, why).
ACTIONS = {
    "approve": (
        lambda: shop_action("approve", pending()),
        ("Approved", "Fleurs de Marie", "Fleurs de Marie", "—"),
    ),
    "reject": (
        lambda: shop_action("reject", pending(), {"rejected-reason": "Not in town."}),
        ("Rejected", "Fleurs de Marie", "Fleurs de Marie", "Not in town."),
    ),
    "suspend": (
        lambda: shop_action("suspend", ShopFactory(name="Café Lune"), {"suspended-reason": "Hygiene check."}),
        ("Suspended", "Café Lune", "Café Lune", "Hygiene check."),
    ),
    "reinstate": (
        lambda: shop_action("reinstate", suspended(), {"reinstated-reason": "Check passed."}),
        ("Reinstated", "Boucherie Martin", "Boucherie Martin", "Check passed."),
    ),
    "hide a post": (
        lambda: (
            reverse(
                "dashboard:moderation-post-hide",
                args=[MerchantPost.objects.create(shop=ShopFactory(name="Café Lune"), text="Promo folle").pk],
            ),
            {"reason": "Misleading price."},
        ),
        ("Post hidden", "News: Promo folle", "Café Lune", "Misleading price."),
    ),
    "hide a product": (
        lambda: (
            reverse(
                "dashboard:moderation-product-hide",
                args=[ProductFactory(shop=ShopFactory(name="Café Lune"), title="Pétard").pk],
            ),
            {"reason": "Not allowed for sale."},
        ),
        ("Product hidden", "Pétard", "Café Lune", "Not allowed for sale."),
    ),
    "publish an announcement": (
        lambda: (
            reverse("dashboard:announcement-create"),
            {"title": "Christmas market", "text": "Saturday.", "starts_on": "2026-11-20"},
        ),
        ("Announcement published", "Christmas market", "—", "—"),
    ),
}


def rows(client: Client, query: dict | None = None) -> list[tuple]:
    """The log's table as the town hall reads it: who, action, what, shop, why."""
    response = client.get(LOG, query or {})
    assert response.status_code == 200
    return [
        (
            row["actor_email"],
            audit_action(row["action_code"]),
            row["what"],
            row["shop_name"] or "—",
            row["why"] or "—",
        )
        for row in response.context["entries"]
    ]


@pytest.mark.parametrize("name", ACTIONS)
def test_every_town_hall_action_writes_an_entry_in_the_log(town_hall, name):
    do, (action, what, shop, why) = ACTIONS[name]
    url, data = do()

    with time_machine.travel(MONDAY, tick=False):
        assert town_hall.post(url, data).status_code == 302
    response = town_hall.get(LOG)

    assert rows(town_hall) == [("mairie@example.com", action, what, shop, why)]
    page = response.content.decode()
    assert all(text in page for text in (action, what, why if why != "—" else "")), page
    assert "<td>11/23/2026 11 a.m.</td>" in page  # when, in Paris time


def test_the_applicant_applying_is_not_a_town_hall_action(town_hall):
    ShopEvent.objects.create(shop=ShopFactory(), action=ShopEvent.Action.APPLIED)

    assert rows(town_hall) == []


@pytest.fixture
def history(town_hall) -> dict[str, Partner]:
    """Two shops with decisions, a hidden post, and an announcement, a day apart, newest last."""
    cafe, bakery = ShopFactory(name="Café Lune"), pending()
    steps = [
        shop_action("suspend", cafe, {"suspended-reason": "Hygiene check."}),
        shop_action("reject", bakery, {"rejected-reason": "Not in town."}),
        shop_action("reinstate", cafe, {"reinstated-reason": "Check passed."}),
        (
            reverse(
                "dashboard:moderation-post-hide",
                args=[MerchantPost.objects.create(shop=cafe, text="Promo folle").pk],
            ),
            {"reason": "Misleading price."},
        ),
        (
            reverse("dashboard:announcement-create"),
            {"title": "Christmas market", "text": "Saturday.", "starts_on": "2026-11-20"},
        ),
    ]
    for day, (url, data) in enumerate(steps):
        with time_machine.travel(MONDAY + dt.timedelta(days=day), tick=False):
            assert town_hall.post(url, data).status_code == 302
    return {"cafe": cafe, "bakery": bakery}


def test_newest_first_and_filtered_by_shop_and_by_action(town_hall, history):
    everything = [(action, what) for _who, action, what, _shop, _why in rows(town_hall)]
    cafe = [what for _who, _action, what, _shop, _why in rows(town_hall, {"shop": history["cafe"].pk})]
    suspensions = rows(town_hall, {"action": "suspended"})
    cafe_reinstated = rows(town_hall, {"shop": history["cafe"].pk, "action": "reinstated"})
    announcements = rows(town_hall, {"action": "announcement_published"})

    assert everything == [
        ("Announcement published", "Christmas market"),
        ("Post hidden", "News: Promo folle"),
        ("Reinstated", "Café Lune"),
        ("Rejected", "Fleurs de Marie"),
        ("Suspended", "Café Lune"),
    ]
    assert cafe == ["News: Promo folle", "Café Lune", "Café Lune"]
    assert [why for *_rest, why in suspensions] == ["Hygiene check."]
    assert [why for *_rest, why in cafe_reinstated] == ["Check passed."]
    assert [what for _who, _action, what, _shop, _why in announcements] == ["Christmas market"]
    assert rows(town_hall, {"shop": history["bakery"].pk, "action": "announcement_published"}) == []


@pytest.mark.parametrize("query", [{"shop": "abc"}, {"shop": "999999"}, {"action": "deleted_everything"}])
def test_a_wrong_filter_shows_everything_and_says_why(town_hall, history, query):
    response = town_hall.get(LOG, query)

    assert response.status_code == 200
    assert len(response.context["entries"]) == 5
    assert "Showing every entry instead." in response.content.decode()


def test_fifty_entries_a_page_in_the_same_queries(town_hall):
    shop = ShopFactory(name="Café Lune")
    ShopEvent.objects.bulk_create(
        ShopEvent(shop=shop, action=ShopEvent.Action.SUSPENDED, reason=f"Raison {n}") for n in range(3)
    )
    with CaptureQueriesContext(connection) as few:
        town_hall.get(LOG)
    ShopEvent.objects.bulk_create(
        ShopEvent(shop=shop, action=ShopEvent.Action.SUSPENDED, reason=f"Raison {n}") for n in range(3, 52)
    )
    with CaptureQueriesContext(connection) as many:
        first = town_hall.get(LOG)
    second = town_hall.get(LOG, {"page": 2})

    assert len(many) == len(few)
    assert len(first.context["entries"]) == 50 and len(second.context["entries"]) == 2
    assert "Page 1 of 2" in " ".join(first.content.decode().split())


def read_csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_csv_export_has_every_entry_of_the_filter(town_hall, history):
    response = town_hall.get(EXPORT, {"shop": history["cafe"].pk})

    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    header, *lines = read_csv(response.content)
    assert header == ["When", "Who", "Shop", "Action", "What", "Why"]
    who, shop = "mairie@example.com", "Café Lune"
    assert lines == [
        ["2026-11-26 11:00", who, shop, "Post hidden", "News: Promo folle", "Misleading price."],
        ["2026-11-25 11:00", who, shop, "Reinstated", "Café Lune", "Check passed."],
        ["2026-11-23 11:00", who, shop, "Suspended", "Café Lune", "Hygiene check."],
    ]
    page = town_hall.get(LOG, {"shop": history["cafe"].pk}).content.decode()
    assert f'{EXPORT}?shop={history["cafe"].pk}"' in page


@pytest.mark.parametrize("url", [LOG, EXPORT])
def test_only_the_town_hall_reads_the_log(town_hall, url):
    merchant = make_merchant(ShopFactory())
    resident = UserFactory()
    plain_staff = UserFactory(is_staff=True)

    assert [logged_in(user).get(url).status_code for user in (merchant, resident, plain_staff)] == [403] * 3
    assert town_hall.get(url).status_code == 200


def test_menu_entry_shown_to_the_town_hall_only(town_hall):
    merchant = logged_in(make_merchant(ShopFactory()))

    assert LOG in town_hall.get(reverse("dashboard:index")).content.decode()
    assert LOG not in merchant.get(reverse("dashboard:order-board")).content.decode()


@pytest.mark.french
def test_the_log_speaks_french(town_hall, history):
    page = town_hall.get(LOG).content.decode()

    assert "Journal de la mairie" in page and "Annonce publiée" in page and "Toutes les boutiques" in page
