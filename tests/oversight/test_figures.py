"""The town hall's oversight dashboard: figures checked by hand on a small dataset, access, exports.

The dataset (Paris time, period 2 to 4 March 2026, before the DST change):
- Boulangerie (category Pain): O1 10 € taken by phone (call & collect) 2 March 9:00, ready 9:30;
  O3 5 € placed 4 March 0:30 (still 3 March in UTC), ready 1:30 then cancelled uncollected;
  O5 12 € placed 4 March 14:00, ready 14:50, slot ended 15:00 and never collected;
- Fromagerie (category Fromage): O2 20 € delivery placed 2 March 10:00, accepted; O4 8 € placed
  3 March 12:00, cancelled;
- outside the period or not counted: 100 € on 1 March 23:30, 7 € on 5 March 0:10 (still 4 March
  in UTC), 9 € waiting for its online payment on 3 March;
- an approved shop without orders and a pending one; residents joined on 2 and 4 March (and one
  in February), a merchant and a staff member joined on 3 March.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import threading
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection, connections, transaction
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.periods import Period
from marketplace.celery import app
from orders import services
from orders.factories import create_shop_order
from orders.models import Channel, Checkout, Fulfilment, Order, Status
from orders.placement import FulfilmentChoice, checkout_place
from oversight import selectors, views
from oversight.models import ShopDay, TownDay
from oversight.rollup import shop_days_catch_up
from oversight.tasks import shop_days_catch_up_task
from pickup_points.factories import PickupPointFactory
from shops.factories import ProductFactory, ShopCategoryFactory, ShopFactory, UserFactory, make_merchant
from shops.models import Partner
from tests.pickup_points.placing import CONTACT, at_point
from tests.vouchers.conftest import basket_with
from townhall.gift_vouchers import selectors as voucher_selectors
from townhall.gift_vouchers.services import vouchers_issue

PARIS = ZoneInfo("Europe/Paris")
PERIOD = Period(start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 4))
QUERY = {"start": "2026-03-02", "end": "2026-03-04"}
AFTER = dt.datetime(2026, 3, 10, 12, tzinfo=PARIS)
EXPORTS = ["summary", "daily", "shops", "categories", "open-data"]


def paris(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=PARIS)


@dataclass
class Dataset:
    bakery: Partner
    cheese: Partner
    residents: list
    orders: list[Order]
    in_shop_days: bool


def place(shop: Partner, price: str, at: dt.datetime, resident, quantity: int = 1) -> Order:
    with time_machine.travel(at, tick=False):
        product = ProductFactory(shop=shop, price=Decimal(price))
        order = create_shop_order(shop=shop, products=[product], quantity=quantity, user=resident)
    # The factory leaves Oscar's status empty; placement gives "Placed" (orders/placement.py).
    Order.objects.filter(pk=order.pk).update(status=Status.PLACED)
    order.refresh_from_db()
    return order


def move(at: dt.datetime, transition, order: Order, **kwargs) -> Order:
    with time_machine.travel(at, tick=False):
        return transition(order=order, **kwargs)


# Every figure is checked twice: counted live from the orders, and with the ended orders (O3 and O4
# here) read from their shops' days, as the beat task leaves them (oversight/rollup.py).
@pytest.fixture(params=[False, True], ids=["live", "shop-days"])
def dataset(request, db) -> Dataset:
    bread = ShopCategoryFactory(name="Pain", slug="pain")
    cheese_category = ShopCategoryFactory(name="Fromage", slug="fromage")
    bakery = ShopFactory(name="Boulangerie Test", category=bread, email="boulangerie@example.com")
    cheese = ShopFactory(name="Fromagerie Test", category=cheese_category, phone="01 99 88 77 66")
    ShopFactory(name="Boucherie sans commande", category=bread)
    ShopFactory(name="Épicerie en attente", approval=Partner.Approval.PENDING)

    residents = []
    for at, email, first_name in [
        (paris(2, 8), "alice.dupont@example.com", "Alice"),
        (paris(4, 0, 10), "bruno.durand@example.com", "Bruno"),
        (dt.datetime(2026, 2, 10, tzinfo=PARIS), "chloe.petit@example.com", "Chloé"),
    ]:
        with time_machine.travel(at, tick=False):
            residents.append(UserFactory(email=email, first_name=first_name, last_name="Résidente"))
    with time_machine.travel(paris(3, 9), tick=False):
        make_merchant(cheese, email="fromager@example.com")
        UserFactory(email="agent@example.com", is_staff=True)
    alice, bruno, chloe = residents

    o1 = place(bakery, "10.00", paris(2, 9), alice)
    with time_machine.travel(paris(2, 9), tick=False):  # written with its order, as placement does
        by_phone = Checkout.objects.create(
            email="appel@example.com", last_name="Appelant", channel=Channel.PHONE
        )
    Order.objects.filter(pk=o1.pk).update(checkout=by_phone)
    move(paris(2, 9, 10), services.order_accept, o1)
    move(paris(2, 9, 30), services.order_mark_ready, o1)

    o2 = place(cheese, "10.00", paris(2, 10), chloe, quantity=2)
    Order.objects.filter(pk=o2.pk).update(fulfilment=Fulfilment.DELIVERY)
    move(paris(2, 11), services.order_accept, o2)

    o3 = place(bakery, "5.00", paris(4, 0, 30), bruno)
    move(paris(4, 1), services.order_accept, o3)
    move(paris(4, 1, 30), services.order_mark_ready, o3)
    move(paris(6, 19), services.order_cancel, o3, reason="Jamais venu", actor=None)

    o4 = place(cheese, "8.00", paris(3, 12), alice)
    move(paris(3, 13), services.order_cancel, o4, reason="Rupture", actor=None)

    o5 = place(bakery, "12.00", paris(4, 14), chloe)
    Order.objects.filter(pk=o5.pk).update(slot_start=paris(4, 14, 30), slot_end=paris(4, 15))
    move(paris(4, 14, 20), services.order_accept, o5)
    move(paris(4, 14, 50), services.order_mark_ready, o5)

    outside = [
        place(bakery, "100.00", paris(1, 23, 30), alice),
        place(bakery, "7.00", paris(5, 0, 10), alice),
        place(cheese, "9.00", paris(3, 15), bruno),
    ]
    Order.objects.filter(pk=outside[2].pk).update(status=Status.PENDING_PAYMENT)
    if request.param:
        assert shop_days_catch_up() == 2
    return Dataset(
        bakery=bakery,
        cheese=cheese,
        residents=residents,
        orders=[o1, o2, o3, o4, o5, *outside],
        in_shop_days=request.param,
    )


def test_summary_matches_the_hand_computed_figures(dataset):
    with time_machine.travel(AFTER, tick=False):
        summary = selectors.overview(PERIOD)["summary"]

    assert summary["orders"] == 5
    assert summary["sales"] == Decimal("42.00")
    assert summary["average_basket"] == Decimal("14.00")
    assert (summary["click_collect"], summary["phone"], summary["delivery"]) == (3, 1, 1)
    shares = (summary["click_collect_share"], summary["phone_share"], summary["delivery_share"])
    assert shares == (0.6, 0.2, 0.2)
    assert (summary["cancelled"], summary["cancelled_rate"]) == (2, 0.4)
    assert (summary["uncollected"], summary["uncollected_rate"]) == (2, 0.5)
    assert summary["to_ready"] == dt.timedelta(minutes=(30 + 60 + 50) / 3)
    assert (summary["shops_approved"], summary["shops_selling"]) == (3, 2)
    assert summary["new_residents"] == 2


def test_days_are_cut_in_paris_time_and_empty_days_listed(dataset):
    with time_machine.travel(AFTER, tick=False):
        days = selectors.daily(PERIOD)

    assert [(d["day"], d["orders"], d["sales"], d["cancelled"], d["new_residents"]) for d in days] == [
        (dt.date(2026, 3, 2), 2, Decimal("30.00"), 0, 1),
        (dt.date(2026, 3, 3), 1, Decimal("0"), 1, 0),
        (dt.date(2026, 3, 4), 2, Decimal("12.00"), 1, 1),
    ]
    assert selectors.daily(Period(start=dt.date(2026, 2, 20), end=dt.date(2026, 2, 21)))[0]["orders"] == 0


def test_per_shop_lists_every_approved_shop_busiest_first(dataset):
    with time_machine.travel(AFTER, tick=False):
        shops = selectors.overview(PERIOD)["shops"]

    assert [
        (s["name"], s["category_name"], s["orders"], s["sales"], s["cancelled"], s["uncollected"])
        for s in shops
    ] == [
        ("Boulangerie Test", "Pain", 3, Decimal("22.00"), 1, 2),
        ("Fromagerie Test", "Fromage", 2, Decimal("20.00"), 1, 0),
        ("Boucherie sans commande", "Pain", 0, Decimal("0"), 0, 0),
    ]
    assert shops[0]["to_ready"] == dt.timedelta(minutes=(30 + 60 + 50) / 3)
    assert (shops[0]["click_collect"], shops[0]["phone"], shops[0]["delivery"]) == (2, 1, 0)
    assert (shops[1]["click_collect"], shops[1]["phone"], shops[1]["delivery"], shops[1]["to_ready"]) == (
        1,
        0,
        1,
        None,
    )


def test_per_category(dataset):
    with time_machine.travel(AFTER, tick=False):
        categories = selectors.overview(PERIOD)["categories"]

    assert [(c["category_name"], c["orders"], c["sales"], c["shops_selling"]) for c in categories] == [
        ("Pain", 3, Decimal("22.00"), 1),
        ("Fromage", 2, Decimal("20.00"), 1),
    ]


def export(client: Client, table: str) -> HttpResponse:
    with time_machine.travel(AFTER, tick=False):
        return client.get(reverse("dashboard:oversight-export", kwargs={"table": table}), QUERY)


def read_csv(response: HttpResponse) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("table", EXPORTS)
def test_every_export_parses_with_a_header_and_the_period_in_its_name(dataset, town_hall, table):
    response = export(town_hall, table)

    rows = read_csv(response)
    assert "2026-03-02_2026-03-04" in response["Content-Disposition"]
    assert len(rows) > 1 and all(len(row) == len(rows[0]) for row in rows)


def test_shops_export_has_the_figures_of_the_page(dataset, town_hall):
    response = export(town_hall, "shops")

    header, *rows = read_csv(response)
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
    bakery = by_name["Boulangerie Test"]
    assert (bakery["Orders"], bakery["Sales (EUR)"], bakery["Uncollected (% of pickups)"]) == (
        "3",
        "22.00",
        "66.7",
    )
    assert (bakery["Click & collect (%)"], bakery["Call & collect (%)"], bakery["Delivery (%)"]) == (
        "66.7",
        "33.3",
        "0.0",
    )
    assert bakery["Average time to ready (minutes)"] == "46.7"


def test_open_data_is_per_day_and_category_without_personal_data(dataset, town_hall):
    response = export(town_hall, "open-data")

    rows = read_csv(response)
    assert rows == [
        [
            "date",
            "shop_category",
            "orders",
            "sales_eur",
            "gift_vouchers_eur",
            "click_and_collect",
            "call_and_collect",
            "delivery",
            "cancelled",
        ],
        ["2026-03-02", "Fromage", "1", "20.00", "0.00", "0", "0", "1", "0"],
        ["2026-03-02", "Pain", "1", "10.00", "0.00", "0", "1", "0", "0"],
        ["2026-03-03", "Fromage", "1", "0.00", "0.00", "1", "0", "0", "1"],
        ["2026-03-04", "Pain", "2", "12.00", "0.00", "2", "0", "0", "1"],
    ]
    text = response.content.decode("utf-8-sig").lower()
    personal = [
        *(value.lower() for r in dataset.residents for value in (r.email, r.first_name, r.last_name)),
        *(order.number.lower() for order in dataset.orders),
        *(order.shipping_address.phone_number.as_e164 for order in dataset.orders[:1]),
        "camille",  # the shipping addresses' name, street and town
        "leclerc",
        "viroflay",
        "fromager@example.com",
        "appel@example.com",
        "appelant",
        "boulangerie@example.com",
        "01 99 88 77 66",
    ]
    assert [value for value in personal if value in text] == []


def test_page_shows_the_period_figures_and_serves_chart_js_locally(dataset, town_hall):
    with time_machine.travel(AFTER, tick=False):
        response = town_hall.get(reverse("dashboard:oversight-index"), QUERY)

    assert response.status_code == 200
    assert response.context["summary"]["orders"] == 5
    page = response.content.decode()
    assert "Boulangerie Test" in page and "Fromage" in page
    assert "/static/marketplace/vendor/chart.umd.js" in page
    # Every script is served by us: a CDN would leak residents' visits and break offline demos.
    assert not re.search(r'<script[^>]+src="(https?:)?//', page)
    assert response.context["chart"]["orders"] == [2, 1, 2]
    chart = response.context["chart"]
    assert (chart["click_collect"], chart["phone"], chart["delivery"]) == ([0, 1, 2], [1, 0, 0], [1, 0, 0])
    # The three shares, in the order of their heading.
    assert "60.0 % / 20.0 % / 20.0 %" in page


def test_period_defaults_to_the_last_30_paris_days(town_hall):
    # 23:30 UTC on 31 March is already 1 April in Paris.
    with time_machine.travel(dt.datetime(2026, 3, 31, 23, 30, tzinfo=dt.UTC), tick=False):
        period = town_hall.get(reverse("dashboard:oversight-index")).context["period"]
        wrong = town_hall.get(
            reverse("dashboard:oversight-index"), {"start": "2026-03-10", "end": "2026-03-01"}
        )

    assert period == Period(start=dt.date(2026, 3, 3), end=dt.date(2026, 4, 1))
    assert wrong.context["period"] == period
    assert "The start date must come before the end date." in wrong.content.decode()


def test_page_runs_the_same_queries_whatever_the_data_size(dataset, town_hall):
    url = reverse("dashboard:oversight-index")
    with time_machine.travel(AFTER, tick=False), CaptureQueriesContext(connection) as small:
        town_hall.get(url, QUERY)
    for shop in (dataset.bakery, dataset.cheese, ShopFactory(), ShopFactory()):
        for hour in (9, 10, 11):
            order = place(shop, "3.00", paris(3, hour), dataset.residents[0])
            move(paris(3, hour, 20), services.order_accept, order)
            move(paris(3, hour, 40), services.order_mark_ready, order)
    with time_machine.travel(AFTER, tick=False), CaptureQueriesContext(connection) as large:
        town_hall.get(url, QUERY)

    assert len(large) == len(small)


@pytest.fixture
def merchant_client(db) -> Client:
    client = Client()
    client.force_login(make_merchant(ShopFactory()))
    return client


@pytest.fixture
def resident_client(db) -> Client:
    client = Client()
    client.force_login(UserFactory())
    return client


@pytest.fixture
def plain_staff_client(db) -> Client:
    client = Client()
    client.force_login(UserFactory(is_staff=True))
    return client


OVERSIGHT_URLS = [
    reverse("dashboard:oversight-index"),
    *(reverse("dashboard:oversight-export", kwargs={"table": table}) for table in EXPORTS),
]


@pytest.mark.parametrize("who", ["merchant_client", "resident_client", "plain_staff_client"])
def test_only_the_town_hall_gets_in(request, who, town_hall):
    client = request.getfixturevalue(who)

    assert [client.get(url).status_code for url in OVERSIGHT_URLS] == [403] * len(OVERSIGHT_URLS)
    assert [town_hall.get(url).status_code for url in OVERSIGHT_URLS] == [200] * len(OVERSIGHT_URLS)


def test_menu_entry_shown_to_the_town_hall_only(town_hall, merchant_client):
    url = reverse("dashboard:oversight-index")

    assert url in town_hall.get(reverse("dashboard:index")).content.decode()
    assert url not in merchant_client.get(reverse("dashboard:order-board")).content.decode()


def test_unknown_export_is_not_found(town_hall):
    response = town_hall.get(reverse("dashboard:oversight-export", kwargs={"table": "users"}))

    assert response.status_code == 404


def test_page_lists_the_busiest_shops_and_the_csv_all_of_them(dataset, town_hall, monkeypatch):
    monkeypatch.setattr(views, "TOP_SHOPS", 2)

    with time_machine.travel(AFTER, tick=False):
        page = town_hall.get(reverse("dashboard:oversight-index"), QUERY).content.decode()
    header, *rows = read_csv(export(town_hall, "shops"))

    assert "Boulangerie Test" in page and "Fromagerie Test" in page
    assert "Boucherie sans commande" not in page
    assert "The 2 busiest shops of 3; the CSV file lists them all." in page
    assert [row[0] for row in rows] == ["Boulangerie Test", "Fromagerie Test", "Boucherie sans commande"]


# --- Gift vouchers and pickup points, added to the dataset on 3 March (Tuesday):
# - Boulangerie: A, a 10 € loaf paid 4 € by a gift voucher (order total 6 €), click & collect in store;
# - a pickup-point checkout B: 3 € at the Boulangerie (B1) and 5 € at the Fromagerie (B2), both
#   dropped at the market hall and never collected (their slot ended at 17:30 at the latest).
# Sales count what the voucher paid (the town reimburses it): 42 + 10 + 3 + 5 = 60 €, 4 € of it by
# voucher; 8 orders, 2 cancelled, so the average basket is 60 / 6 = 10 €. Pickup-point orders are
# click & collect: 6 click & collect (O3, O4, O5, A, B1, B2), 1 call & collect, 1 delivery; 4 of the
# 7 pickups uncollected (O3, O5, B1, B2).


@pytest.fixture
def with_voucher_and_point(dataset) -> Dataset:
    Partner.objects.filter(pk__in=(dataset.bakery.pk, dataset.cheese.pk)).update(drops_at_pickup_points=True)
    with time_machine.travel(paris(3, 9), tick=False):
        voucher = vouchers_issue(
            name="Chèque cadeau", amount=Decimal("4.00"), count=1, start=paris(1, 0), end=paris(31, 0),
            code="MARS",
        )[0]
        loaf = ProductFactory(shop=dataset.bakery, price=Decimal("10.00"))
        in_store = {dataset.bakery.pk: FulfilmentChoice(method=Fulfilment.PICKUP, slot_start=paris(3, 16))}
        basket = basket_with((loaf, 1), vouchers=[voucher])
        checkout_place(basket=basket, choices=in_store, contact=CONTACT, user=None)
        point = PickupPointFactory()
        croissants = ProductFactory(shop=dataset.bakery, price=Decimal("3.00"))
        cheese = ProductFactory(shop=dataset.cheese, price=Decimal("5.00"))
        choice = at_point(point, paris(3, 17))
        at_the_hall = checkout_place(
            basket=basket_with((croissants, 1), (cheese, 1)),
            choices={dataset.bakery.pk: choice, dataset.cheese.pk: choice},
            contact=CONTACT,
            user=None,
        )
    for order in at_the_hall.orders.all():
        move(paris(3, 10), services.order_accept, order)
        move(paris(3, 11), services.order_mark_dropped, order)
    if dataset.in_shop_days:
        assert shop_days_catch_up() == 0  # nothing more has ended
    return dataset


def test_sales_count_what_vouchers_paid_and_pickup_points_are_click_and_collect(with_voucher_and_point):
    with time_machine.travel(AFTER, tick=False):
        summary = selectors.overview(PERIOD)["summary"]

    assert (summary["orders"], summary["sales"]) == (8, Decimal("60.00"))
    # The voucher part of sales is what the gift voucher report says the town owes the shops.
    assert summary["vouchers"] == voucher_selectors.summary(PERIOD)["spent_value"] == Decimal("4.00")
    assert summary["average_basket"] == Decimal("10.00")
    assert (summary["click_collect"], summary["phone"], summary["delivery"]) == (6, 1, 1)
    shares = (summary["click_collect_share"], summary["phone_share"], summary["delivery_share"])
    assert shares == (0.75, 0.125, 0.125)
    assert (summary["uncollected"], summary["uncollected_rate"]) == (4, 4 / 7)


def test_shops_days_and_categories_agree_with_the_summary_on_vouchers(with_voucher_and_point):
    with time_machine.travel(AFTER, tick=False):
        overview = selectors.overview(PERIOD)
        days = selectors.daily(PERIOD)

    shops = [
        (s["name"], s["orders"], s["sales"], s["vouchers"], s["click_collect"]) for s in overview["shops"][:2]
    ]
    assert shops == [
        ("Boulangerie Test", 5, Decimal("35.00"), Decimal("4.00"), 4),
        ("Fromagerie Test", 3, Decimal("25.00"), Decimal("0"), 2),
    ]
    categories = [(c["category_name"], c["sales"], c["vouchers"]) for c in overview["categories"]]
    assert categories == [
        ("Pain", Decimal("35.00"), Decimal("4.00")),
        ("Fromage", Decimal("25.00"), Decimal("0")),
    ]
    assert [(d["orders"], d["sales"], d["vouchers"]) for d in days] == [
        (2, Decimal("30.00"), Decimal("0")),
        (4, Decimal("18.00"), Decimal("4.00")),
        (2, Decimal("12.00"), Decimal("0")),
    ]


def test_the_csv_files_and_the_chart_show_the_voucher_part_of_sales(with_voucher_and_point, town_hall):
    header, *rows = read_csv(export(town_hall, "summary"))
    summary = dict(zip(header, rows[0], strict=True))
    open_data = read_csv(export(town_hall, "open-data"))
    with time_machine.travel(AFTER, tick=False):
        response = town_hall.get(reverse("dashboard:oversight-index"), QUERY)

    assert (summary["Sales (EUR)"], summary["Paid with gift vouchers (EUR)"]) == ("60.00", "4.00")
    assert (summary["Click & collect (%)"], summary["Uncollected (% of pickups)"]) == ("75.0", "57.1")
    assert open_data[0][3:5] == ["sales_eur", "gift_vouchers_eur"]
    assert open_data[3:5] == [
        ["2026-03-03", "Fromage", "2", "5.00", "0.00", "2", "0", "0", "1"],
        ["2026-03-03", "Pain", "2", "13.00", "4.00", "2", "0", "0", "0"],
    ]
    assert (response.context["chart"]["sales"], response.context["chart"]["vouchers"]) == (
        [30.0, 18.0, 12.0],
        [0.0, 4.0, 0.0],
    )
    assert "75.0 % / 12.5 % / 12.5 %" in response.content.decode()


# --- Shop days: the figures of ended orders, added once to their shop's day.


def every_figure() -> dict:
    with time_machine.travel(AFTER, tick=False):
        return {
            "overview": selectors.overview(PERIOD),
            "daily": selectors.daily(PERIOD),
            "open_data": selectors.open_data(PERIOD),
        }


def test_ended_orders_read_from_shop_days_give_the_figures_counted_live(with_voucher_and_point):
    """Every order ends (collected, delivered or cancelled): once added to shop days, they give the
    very figures, and their time to ready and voucher part, that the orders gave."""
    o1, o2, o3, o4, o5 = with_voucher_and_point.orders[:5]
    for order, code in ((o1, "ABC234"), (o2, "ABC235"), (o5, "ABC236")):
        Order.objects.filter(pk=order.pk).update(pickup_code=code)
        order.refresh_from_db()
    move(paris(2, 9, 55), services.order_collect, o1, typed_code="ABC234", checker_key="test")
    move(paris(4, 14, 55), services.order_collect, o5, typed_code="ABC236", checker_key="test")
    move(paris(2, 12), services.order_send_out, o2)
    move(paris(2, 13), services.order_deliver, o2, typed_code="ABC235", checker_key="test")
    in_store = Order.objects.get(fulfilment=Fulfilment.PICKUP, total_incl_tax=Decimal("6.00"))
    move(paris(3, 15), services.order_accept, in_store)
    move(paris(3, 15, 30), services.order_mark_ready, in_store)
    move(paris(3, 16), services.order_collect, in_store, typed_code=in_store.pickup_code, checker_key="test")
    at_the_hall = Order.objects.filter(fulfilment=Fulfilment.PICKUP_POINT).first()
    with time_machine.travel(paris(3, 17), tick=False):
        services.checkout_collect_at_point(
            checkout=at_the_hall.checkout,
            point=at_the_hall.pickup_point,
            typed_code=at_the_hall.pickup_code,
            checker_key="test",
        )
    counted = Order.objects.filter(date_placed__gte=PERIOD.since, date_placed__lt=PERIOD.until)
    assert set(counted.exclude(status=Status.PENDING_PAYMENT).values_list("status", flat=True)) <= set(
        Status.FINAL
    )
    live = every_figure()

    added = shop_days_catch_up()

    # The period's 8 orders, less O3 and O4 when already added; those outside it have not ended.
    assert added == (6 if with_voucher_and_point.in_shop_days else 8)
    # The bakery on 2, 3 and 4 March, the cheese shop on 2 and 3 March.
    assert ShopDay.objects.count() == 5
    assert TownDay.objects.count() == 3
    assert every_figure() == live
    summary = live["overview"]["summary"]
    assert (summary["orders"], summary["sales"]) == (8, Decimal("60.00"))
    assert summary["vouchers"] == Decimal("4.00")
    # Ready in 30 min (O1), 60 (O3), 50 (O5) and 390 (A, placed at 9:00, ready at 15:30).
    assert summary["to_ready"] == dt.timedelta(minutes=(30 + 60 + 50 + 390) / 4)
    assert (summary["uncollected"], summary["cancelled"]) == (1, 2)
    assert shop_days_catch_up() == 0
    assert every_figure() == live


def test_shop_days_are_cut_in_paris_time(dataset):
    """O3, placed at 0:30 on 4 March in Paris (23:30 on the 3rd in UTC), is counted on the 4th."""
    shop_days_catch_up()

    days = {
        (day.shop_id, day.date): (day.orders, day.cancelled, day.uncollected) for day in ShopDay.objects.all()
    }
    assert days == {
        (dataset.bakery.pk, dt.date(2026, 3, 4)): (1, 1, 1),
        (dataset.cheese.pk, dt.date(2026, 3, 3)): (1, 1, 0),
    }
    town_days = {day.date: (day.orders, day.cancelled, day.uncollected) for day in TownDay.objects.all()}
    assert town_days == {dt.date(2026, 3, 4): (1, 1, 1), dt.date(2026, 3, 3): (1, 1, 0)}


def test_beat_adds_ended_orders_to_shop_days(dataset):
    entry = app.conf.beat_schedule["oversight-shop-days"]

    assert entry["task"] == shop_days_catch_up_task.name in app.tasks
    assert shop_days_catch_up_task.apply().get() == (0 if dataset.in_shop_days else 2)
    assert Order.objects.filter(in_shop_day=True).count() == 2


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row-level concurrency is tested on PostgreSQL (CI)"
)
@pytest.mark.django_db(transaction=True)
def test_a_roll_up_waits_for_the_page_reading_the_figures():
    """Between the page's read of the orders not yet added and its read of the shop days, a roll-up
    committing would have the page count its orders twice: it waits until the page has read both."""
    shop = ShopFactory()
    for _ in range(3):
        order = create_shop_order(shop=shop)
        Order.objects.filter(pk=order.pk).update(status=Status.PLACED)
        services.order_cancel(order=order, reason="Fermeture", actor=None)
    today = Period.last_days(1, today=timezone.localdate())
    page_has_read, page_may_finish = threading.Event(), threading.Event()
    read, added = [], []

    def page():
        try:
            with transaction.atomic():  # a request's transaction (ATOMIC_REQUESTS)
                read.append(selectors.figures_by(today, "shop_pk")[(shop.pk,)]["orders"])
                page_has_read.set()
                page_may_finish.wait(timeout=10)
        finally:
            connections.close_all()

    def beat():
        try:
            added.append(shop_days_catch_up())
        finally:
            connections.close_all()

    reader, roll_up = threading.Thread(target=page), threading.Thread(target=beat)
    reader.start()
    assert page_has_read.wait(timeout=10)
    roll_up.start()
    roll_up.join(timeout=1)
    waited = roll_up.is_alive()
    page_may_finish.set()
    reader.join(timeout=10)
    roll_up.join(timeout=10)

    assert waited
    assert read == [3] and added == [3]
    assert selectors.figures_by(today, "shop_pk")[(shop.pk,)]["orders"] == 3
