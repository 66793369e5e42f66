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

from markets.models import Market, MarketBreak, MarketCancellation
from oversight.exports import audit_action
from shops.factories import ProductFactory, ShopCategoryFactory, ShopFactory, UserFactory, make_merchant
from shops.models import Partner, ShopEvent
from tests.markets.test_stall_pickup import NOW, place
from townhall.models import Announcement, MerchantPost

pytestmark = pytest.mark.django_db

LOG = reverse("dashboard:oversight-audit")
EXPORT = reverse("dashboard:oversight-audit-export")
MONDAY = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


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


def saturday_market() -> Market:
    return Market.objects.create(
        name="Marché du samedi", place="Halle", weekday=5, opens=dt.time(8), closes=dt.time(12)
    )


def market_action(name: str, data: dict | None = None) -> tuple[str, dict]:
    return reverse(f"dashboard:market-{name}", args=[saturday_market().pk]), data or {}


def christmas_announcement() -> Announcement:
    return Announcement.objects.create(
        title="Christmas market", text="Saturday.", starts_on=dt.date(2026, 11, 20)
    )


def market_data(**changes) -> dict:
    """The market form as the town hall fills it in (no stallholder)."""
    return {
        "name": "Marché du samedi", "place": "Halle", "weekday": 5, "opens": "08:00", "closes": "12:00",
        "is_active": "on", **changes,
    }


HALLE = "Marché du samedi, Halle"
SESSION = f"{HALLE}: Saturday 28 November 2026"
DECEMBER = "valid 12/01/2026 → 12/31/2026"


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
    "edit an announcement": (
        lambda: (
            reverse("dashboard:announcement-update", args=[christmas_announcement().pk]),
            {"title": "Christmas market", "text": "Sunday.", "starts_on": "2026-11-20"},
        ),
        ("Announcement edited", "Christmas market (Text)", "—", "—"),
    ),
    "delete an announcement": (
        lambda: (reverse("dashboard:announcement-delete", args=[christmas_announcement().pk]), {}),
        ("Announcement deleted", "Christmas market", "—", "—"),
    ),
    "create a market": (
        lambda: (reverse("dashboard:market-create"), market_data()),
        ("Market created", "Marché du samedi, Halle", "—", "—"),
    ),
    "call a market session off": (
        lambda: market_action("cancel-session", {"date": "2026-11-28", "reason": "Storm warning"}),
        ("Market session cancelled", SESSION, "—", "Storm warning"),
    ),
    "add a seasonal break": (
        lambda: market_action(
            "add-break", {"start_date": "2026-12-01", "end_date": "2026-12-12", "reason": "Works"}
        ),
        ("Seasonal break added", "Marché du samedi, Halle: 1 December 2026 → 12 December 2026", "—", "Works"),
    ),
    "remove a session's cancellation": (
        lambda: (
            reverse(
                "dashboard:market-cancellation-delete",
                args=[
                    MarketCancellation.objects.create(
                        market=saturday_market(), date=dt.date(2026, 11, 28), reason="Storm warning"
                    ).pk
                ],
            ),
            {},
        ),
        ("Session cancellation removed", f"{SESSION} (had been: Storm warning)", "—", "—"),
    ),
    "remove a seasonal break": (
        lambda: (
            reverse(
                "dashboard:market-break-delete",
                args=[
                    MarketBreak.objects.create(
                        market=saturday_market(),
                        start_date=dt.date(2026, 12, 1),
                        end_date=dt.date(2026, 12, 12),
                    ).pk
                ],
            ),
            {},
        ),
        ("Seasonal break removed", "Marché du samedi, Halle: 1 December 2026 → 12 December 2026", "—", "—"),
    ),
    "issue gift vouchers": (
        lambda: (
            reverse("dashboard:gift-voucher-issue"),
            {
                "name": "Fête",
                "amount": "10",
                "count": "3",
                "category": ShopCategoryFactory(name="Boulangeries").pk,
                "start": "2026-12-01",
                "end": "2026-12-31",
            },
        ),
        ("Gift vouchers issued", f"Fête: 3 × 10.00 €, at Boulangeries, {DECEMBER}", "—", "—"),
    ),
    "issue one gift voucher": (
        lambda: (
            reverse("dashboard:gift-voucher-issue"),
            {
                "name": "Noël",
                "amount": "15",
                "count": "1",
                "code": "pain-2026",
                "start": "2026-12-01",
                "end": "2026-12-31",
            },
        ),
        ("Gift vouchers issued", f"Noël: 1 × 15.00 €, at All shops, {DECEMBER} (PAIN-2026)", "—", "—"),
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


def test_a_market_edit_logs_its_stop_its_changes_and_its_stallholders_apart(town_hall):
    market = saturday_market()
    cheese, veg = ShopFactory(name="Fromagerie"), ShopFactory(name="Potager")
    market.stallholders.add(cheese)
    url = reverse("dashboard:market-update", args=[market.pk])

    with time_machine.travel(MONDAY, tick=False):
        response = town_hall.post(url, market_data(closes="13:00", is_active="", stallholders=[veg.pk]))

    assert response.status_code == 302
    assert rows(town_hall) == [
        ("mairie@example.com", "Market edited", "Marché du samedi, Halle (Closes at)", "—", "—"),
        ("mairie@example.com", "Market stopped", "Marché du samedi, Halle", "—", "—"),
        ("mairie@example.com", "Stallholders changed", f"{HALLE}: + Potager, − Fromagerie", "—", "—"),
    ]
    assert [row[1] for row in rows(town_hall, {"action": "market_stopped"})] == ["Market stopped"]


def test_a_refused_market_edit_writes_nothing_in_the_log(town_hall):
    market = saturday_market()

    response = town_hall.post(
        reverse("dashboard:market-update", args=[market.pk]), market_data(opens="14:00", name="Marché")
    )

    assert response.status_code == 200 and 'value="Marché"' in response.content.decode()
    assert rows(town_hall) == []
    market.refresh_from_db()
    assert market.name == "Marché du samedi"


def test_an_announcement_saved_unchanged_writes_nothing_in_the_log(town_hall):
    announcement = christmas_announcement()

    response = town_hall.post(
        reverse("dashboard:announcement-update", args=[announcement.pk]),
        {"title": "Christmas market", "text": "Saturday.", "starts_on": "2026-11-20"},
    )

    assert response.status_code == 302
    assert rows(town_hall) == []


def test_calling_a_session_off_logs_its_reason_and_the_orders_it_cancelled(town_hall):
    with time_machine.travel(NOW, tick=False):
        market = saturday_market()
        stall = ShopFactory(name="Potager", hours=False, offers_market_pickup=True, slot_minutes=60)
        market.stallholders.add(stall)
        order = place(stall, ProductFactory(shop=stall, stock=5), market_id=market.pk).orders.get()
        response = town_hall.post(
            reverse("dashboard:market-cancel-session", args=[market.pk]),
            {"date": "2026-11-28", "reason": "Storm warning", "confirm": "on"},
        )
        export = town_hall.get(EXPORT, {"action": "session_cancelled"})

    assert response.status_code == 302
    what = f"{SESSION} (1 order cancelled: {order.number})"
    assert rows(town_hall, {"action": "session_cancelled"}) == [
        ("mairie@example.com", "Market session cancelled", what, "—", "Storm warning")
    ]
    _header, *lines = read_csv(export.content)
    who = "mairie@example.com"
    assert lines == [["2026-11-24 09:00", who, "", "Market session cancelled", what, "Storm warning"]]


def test_the_log_filters_and_exports_announcements_markets_and_vouchers(town_hall):
    steps = [
        ACTIONS["create a market"][0],
        ACTIONS["issue gift vouchers"][0],
        ACTIONS["delete an announcement"][0],
    ]
    for day, do in enumerate(steps):
        url, data = do()
        with time_machine.travel(MONDAY + dt.timedelta(days=day), tick=False):
            assert town_hall.post(url, data).status_code == 302

    everything = [row[1] for row in rows(town_hall)]
    assert everything == ["Announcement deleted", "Gift vouchers issued", "Market created"]
    assert [row[2] for row in rows(town_hall, {"action": "vouchers_issued"})] == [
        f"Fête: 3 × 10.00 €, at Boulangeries, {DECEMBER}"
    ]
    _header, *lines = read_csv(town_hall.get(EXPORT, {"action": "market_created"}).content)
    assert lines == [["2026-11-23 11:00", "mairie@example.com", "", "Market created", HALLE, ""]]


def test_announcements_published_edited_and_deleted_in_the_admin_are_logged(town_hall):
    admin_user = UserFactory(email="admin@example.com", is_staff=True, is_superuser=True)
    admin = logged_in(admin_user)
    form = {"title": "Fête de la musique", "text": "Place de la mairie.", "starts_on": "2026-06-01"}

    admin.post(reverse("admin:townhall_announcement_add"), form)
    announcement = Announcement.objects.get(title="Fête de la musique")
    change = reverse("admin:townhall_announcement_change", args=[announcement.pk])
    admin.post(change, {**form, "ends_on": "2026-06-21"})
    admin.post(change, {**form, "ends_on": "2026-06-21"})  # saved unchanged: nothing more
    admin.post(reverse("admin:townhall_announcement_delete", args=[announcement.pk]), {"post": "yes"})

    assert not Announcement.objects.exists()
    assert [(who, action, what) for who, action, what, _shop, _why in rows(town_hall)] == [
        ("admin@example.com", "Announcement deleted", "Fête de la musique"),
        ("admin@example.com", "Announcement edited", "Fête de la musique (Shown until (inclusive))"),
        ("admin@example.com", "Announcement published", "Fête de la musique"),
    ]
