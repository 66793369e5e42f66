"""Gift vouchers through the pages: the town hall issues and reads the report, a resident spends one."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_model

from core.roles import ensure_town_hall_group
from orders import services
from orders.models import Order
from orders.placement import checkout_place
from shops.factories import ProductFactory, ShopCategoryFactory, ShopFactory, UserFactory, make_merchant
from tests.vouchers.conftest import CONTACT, basket_with, issue, one_shop_checkout, pickups

Benefit = get_model("offer", "Benefit")
Voucher = get_model("voucher", "Voucher")

pytestmark = pytest.mark.django_db
PERIOD = {"start": "2026-11-01", "end": "2026-11-30"}
TOWN_HALL_PAGES = [
    reverse("dashboard:gift-voucher-report"),
    reverse("dashboard:gift-voucher-issue"),
    reverse("dashboard:voucher-list"),
    reverse("dashboard:voucher-set-list"),
    reverse("dashboard:oversight-export", kwargs={"table": "gift-vouchers"}),
    reverse("dashboard:oversight-export", kwargs={"table": "gift-vouchers-shops"}),
]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def town_hall_client() -> Client:
    user = UserFactory(email="mairie@example.com", is_staff=True)
    user.groups.add(ensure_town_hall_group())
    return logged_in(user)


@pytest.mark.parametrize(
    "who",
    [
        lambda: make_merchant(ShopFactory()),
        lambda: UserFactory(),
        lambda: UserFactory(is_staff=True),
    ],
    ids=["merchant", "resident", "staff outside the town hall"],
)
def test_only_the_town_hall_issues_vouchers_and_reads_the_report(who, town_hall_client):
    client = logged_in(who())

    assert [client.get(url).status_code for url in TOWN_HALL_PAGES] == [403] * len(TOWN_HALL_PAGES)
    assert [town_hall_client.get(url).status_code for url in TOWN_HALL_PAGES] == [200] * len(TOWN_HALL_PAGES)


def test_the_town_hall_issues_a_voucher_for_bakeries(town_hall_client):
    bakeries = ShopCategoryFactory(name="Boulangeries")
    response = town_hall_client.post(
        reverse("dashboard:gift-voucher-issue"),
        {
            "name": "Noël des boulangeries",
            "amount": "15",
            "count": "1",
            "code": "pain-2026",
            "category": bakeries.pk,
            "start": "2026-12-01",
            "end": "2026-12-31",
        },
        follow=True,
    )

    voucher = Voucher.objects.get()
    assert "Voucher issued: its code is PAIN-2026." in response.content.decode()
    assert voucher.code == "PAIN-2026" and voucher.usage == Voucher.SINGLE_USE
    offer = voucher.offers.get()
    assert offer.benefit.value == Decimal("15.00")
    # Whole days in Paris: from midnight on the first to the last instant of the 31st.
    assert voucher.start_datetime == dt.datetime(2026, 11, 30, 23, 0, tzinfo=dt.UTC)
    assert voucher.end_datetime.astimezone(dt.UTC).date() == dt.date(2026, 12, 31)
    baker = ShopFactory(category=bakeries)
    assert offer.benefit.range.contains_product(ProductFactory(shop=baker))
    assert not offer.benefit.range.contains_product(ProductFactory(shop=ShopFactory()))


def test_oscars_dashboard_opens_a_voucher_for_a_category_of_shops(town_hall_client):
    voucher = issue("15.00", category=ShopCategoryFactory(name="Boulangeries"))
    offer = voucher.offers.get()
    urls = [
        reverse("dashboard:voucher-list"),
        reverse("dashboard:voucher-stats", kwargs={"pk": voucher.pk}),
        reverse("dashboard:offer-list"),
        reverse("dashboard:offer-detail", kwargs={"pk": offer.pk}),
        reverse("dashboard:range-list"),
    ]

    assert [town_hall_client.get(url).status_code for url in urls] == [200] * len(urls)
    assert "Boulangeries" in town_hall_client.get(reverse("dashboard:range-list")).content.decode()
    # Oscar keeps a range defined in code out of its edit form.
    update = reverse("dashboard:range-update", kwargs={"pk": offer.benefit.range_id})
    assert town_hall_client.get(update).status_code == 403


def test_a_batch_goes_to_oscars_voucher_set_page_with_its_codes(town_hall_client):
    response = town_hall_client.post(
        reverse("dashboard:gift-voucher-issue"),
        {"name": "Fête", "amount": "10", "count": "3", "start": "2026-11-24", "end": "2026-12-31"},
        follow=True,
    )

    page = response.content.decode()
    assert "3 vouchers issued" in page
    assert all(voucher.code in page for voucher in Voucher.objects.all())
    assert Voucher.objects.count() == 3


def test_wrong_dates_keep_what_was_typed_and_issue_nothing(town_hall_client):
    response = town_hall_client.post(
        reverse("dashboard:gift-voucher-issue"),
        {"name": "Noël", "amount": "20", "count": 2, "code": "X", "start": "2026-12-31", "end": "2026-12-01"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "The end date must come after the start date." in page
    assert "A code can be chosen for a single voucher only." in page
    assert 'value="Noël"' in page
    assert not Voucher.objects.exists()


def test_a_resident_spends_a_voucher_from_the_basket_page_to_the_order(client):
    baker = ShopFactory(name="Fournil")
    bread = ProductFactory(shop=baker, title="Pain de campagne", price="12.00")
    issue("5.00")
    client.post(reverse("basket:add", kwargs={"pk": bread.pk}), {"quantity": 1})

    client.post(reverse("basket:vouchers-add"), {"code": "noel-2026"})
    page = client.get(reverse("basket:summary")).content.decode()

    assert "Gift voucher NOEL-2026" in page and "−€5.00" in page
    assert "gives no change" in page
    assert "€7.00" in page
    client.post(reverse("checkout:index"), one_shop_checkout(baker))
    order = Order.objects.get()
    assert order.total_incl_tax == Decimal("7.00")
    assert order.discounts.get().voucher_code == "NOEL-2026"


def test_a_voucher_used_meanwhile_shows_why_with_a_remove_button(client):
    baker = ShopFactory(name="Fournil")
    bread = ProductFactory(shop=baker, price="12.00")
    voucher = issue("5.00")
    client.post(reverse("basket:add", kwargs={"pk": bread.pk}), {"quantity": 1})
    client.post(reverse("basket:vouchers-add"), {"code": "NOEL-2026"})
    other = basket_with((ProductFactory(shop=baker), 1), vouchers=[voucher])
    checkout_place(basket=other, choices=pickups(baker), contact=CONTACT, user=None)

    page = client.get(reverse("basket:summary")).content.decode()

    assert "The gift voucher NOEL-2026 has already been used" in page
    assert reverse("basket:vouchers-remove", kwargs={"pk": voucher.pk}) in page
    assert "€12.00" in page


@pytest.fixture
def spent(django_capture_on_commit_callbacks):
    """Two shops paid partly by vouchers in November; one order cancelled afterwards, which gives its
    voucher B back to the resident (it paid nothing else); one voucher unused."""
    baker, cheese = ShopFactory(name="Fournil"), ShopFactory(name="Fromagerie")
    bread = ProductFactory(shop=baker, price="10.00")
    comte = ProductFactory(shop=cheese, price="15.00")
    first, second = issue("20.00", code="A"), issue("10.00", code="B")
    issue("30.00", code="UNUSED")
    checkout_place(
        basket=basket_with((bread, 1), (comte, 1), vouchers=[first]),
        choices=pickups(baker, cheese),
        contact=CONTACT,
        user=None,
    )
    cancelled = checkout_place(
        basket=basket_with((comte, 1), vouchers=[second]), choices=pickups(cheese), contact=CONTACT, user=None
    ).orders.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.order_cancel(order=cancelled, reason="Plus de comté", actor=None)


def test_the_report_shows_issued_spent_left_and_what_each_shop_is_owed(spent, town_hall_client):
    context = town_hall_client.get(reverse("dashboard:gift-voucher-report"), PERIOD).context

    assert context["summary"] == {
        "issued_count": 3,
        "issued_value": Decimal("60.00"),
        "spent_value": Decimal("20.00"),
        # B came back whole with its order's cancellation: left, not spent on a cancelled order.
        "cancelled_value": Decimal("0.00"),
        "left_count": 2,
        "left_value": Decimal("40.00"),
    }
    owed = [(row["name"], row["orders"], row["owed"], row["cancelled"]) for row in context["shops"]]
    assert owed == [
        ("Fournil", 1, Decimal("8.00"), Decimal("0.00")),
        ("Fromagerie", 1, Decimal("12.00"), Decimal("0.00")),
    ]


def test_a_percentage_voucher_made_in_oscars_dashboard_is_no_gift_voucher(spent, town_hall_client):
    offer = Voucher.objects.get(code="UNUSED").offers.get()
    percent = Benefit.objects.create(range=offer.benefit.range, type=Benefit.PERCENTAGE, value=Decimal("50"))
    other = issue("1.00", code="HALF")
    other.offers.update(benefit=percent)

    summary = town_hall_client.get(reverse("dashboard:gift-voucher-report"), PERIOD).context["summary"]

    assert (summary["issued_count"], summary["issued_value"]) == (3, Decimal("60.00"))
    assert (summary["left_count"], summary["left_value"]) == (2, Decimal("40.00"))  # UNUSED and B


def test_the_report_reads_as_many_rows_for_one_shop_as_for_many(spent, town_hall_client):
    url = reverse("dashboard:gift-voucher-report")
    with CaptureQueriesContext(connection) as few:
        town_hall_client.get(url, PERIOD)
    for number in range(5):
        shop = ShopFactory(name=f"Boutique {number}")
        voucher = issue("3.00", code=f"MORE-{number}")
        basket = basket_with((ProductFactory(shop=shop, price="5.00"), 1), vouchers=[voucher])
        checkout_place(basket=basket, choices=pickups(shop), contact=CONTACT, user=None)

    with CaptureQueriesContext(connection) as many:
        response = town_hall_client.get(url, PERIOD)

    assert len(response.context["shops"]) == 7
    assert len(many) == len(few)


def test_the_per_shop_csv_lists_what_each_shop_is_owed(spent, town_hall_client):
    url = reverse("dashboard:oversight-export", kwargs={"table": "gift-vouchers-shops"})

    response = town_hall_client.get(url, PERIOD)

    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert rows == [
        [
            "Shop",
            "Orders paid with vouchers",
            "Owed to the shop (EUR)",
            "Not supplied, owed to nobody (EUR)",
        ],
        ["Fournil", "1", "8.00", "0.00"],
        ["Fromagerie", "1", "12.00", "0.00"],
    ]
    assert 'filename="gift-vouchers-per-shop_2026-11-01_2026-11-30.csv"' in response["Content-Disposition"]


def test_a_period_without_vouchers_spent_says_so(spent, town_hall_client):
    october = {"start": "2026-10-01", "end": "2026-10-31"}
    page = town_hall_client.get(reverse("dashboard:gift-voucher-report"), october)

    assert "No voucher was spent in this period." in page.content.decode()


@pytest.mark.french
def test_the_basket_says_in_french_that_a_voucher_gives_no_change(client):
    baker = ShopFactory()
    client.post(reverse("basket:add", kwargs={"pk": ProductFactory(shop=baker).pk}), {"quantity": 1})

    page = client.get(reverse("basket:summary")).content.decode()

    assert "Code du chèque cadeau" in page
    assert "ne rend pas la monnaie" in page


def test_an_item_the_shop_could_not_supply_is_owed_to_nobody(town_hall_client):
    # The shop keeps the voucher's share only of what it handed over, as for a cancelled order.
    baker = ShopFactory(name="Fournil")
    bread, cake = ProductFactory(shop=baker, price="10.00"), ProductFactory(shop=baker, price="10.00")
    basket = basket_with((bread, 1), (cake, 1), vouchers=[issue("20.00", code="A")])
    order = checkout_place(basket=basket, choices=pickups(baker), contact=CONTACT, user=None).orders.get()
    cake = order.lines.get(product=cake)
    services.order_line_mark_unavailable(order=order, line_id=cake.pk, reason="Plus de tarte", actor=None)

    context = town_hall_client.get(reverse("dashboard:gift-voucher-report"), PERIOD).context

    owed = [(row["name"], row["orders"], row["owed"], row["cancelled"]) for row in context["shops"]]
    assert owed == [("Fournil", 1, Decimal("10.00"), Decimal("10.00"))]
    summary = context["summary"]
    assert (summary["spent_value"], summary["cancelled_value"]) == (Decimal("10.00"), Decimal("10.00"))


def test_the_code_of_a_voucher_deleted_in_oscars_dashboard_is_refused_with_a_message(town_hall_client):
    # Oscar deletes the voucher but keeps its offer, named after the code: issuing it again must not fail.
    issue_url = reverse("dashboard:gift-voucher-issue")
    data = {"name": "Noël", "amount": "20", "count": "1", "code": "NOEL", "start": "2026-12-01"}
    data["end"] = "2026-12-31"
    town_hall_client.post(issue_url, data)
    voucher = Voucher.objects.get()
    town_hall_client.post(reverse("dashboard:voucher-delete", kwargs={"pk": voucher.pk}))
    assert not Voucher.objects.exists()

    response = town_hall_client.post(issue_url, {**data, "name": "Noël, encore"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "This code belonged to a deleted voucher: please choose another one." in page
    assert 'value="NOEL"' in page
    assert not Voucher.objects.exists()


def test_the_merchant_the_oversight_and_the_report_agree_on_an_unavailable_items_voucher_share(
    town_hall_client,
):
    # 20 € of voucher over a 10 € loaf and a 15 € tart: 8 € and 12 €. The tart cannot be supplied:
    # the town owes the baker the loaf's 8 € only, wherever it is read.
    baker = ShopFactory(name="Fournil")
    merchant = make_merchant(baker)
    loaf, tart = ProductFactory(shop=baker, price="10.00"), ProductFactory(shop=baker, price="15.00")
    basket = basket_with((loaf, 1), (tart, 1), vouchers=[issue("20.00", code="A")])
    order = checkout_place(basket=basket, choices=pickups(baker), contact=CONTACT, user=None).orders.get()
    tart = order.lines.get(product=tart)
    services.order_line_mark_unavailable(order=order, line_id=tart.pk, reason="Plus de tarte", actor=None)

    merchant_client = logged_in(merchant)
    page = merchant_client.get(reverse("dashboard:order-handle", args=[order.number])).content.decode()
    board = merchant_client.get(reverse("dashboard:order-board")).content.decode()
    oversight = town_hall_client.get(reverse("dashboard:oversight-index"), PERIOD).context
    report = town_hall_client.get(reverse("dashboard:gift-voucher-report"), PERIOD).context

    assert "<dt>Total</dt><dd>€10.00</dd>" in page
    assert '<dd>−€8.00 <span class="text-muted">(paid to you by the town)</span></dd>' in page
    assert "<dt>Left to pay at pickup</dt><dd>€2.00</dd>" in page
    assert "Gift voucher: −€8.00 · Left to pay at pickup: €2.00" in board
    summary = oversight["summary"]
    assert (summary["vouchers"], summary["sales"]) == (Decimal("8.00"), Decimal("10.00"))
    assert [(shop["name"], shop["vouchers"]) for shop in oversight["shops"]] == [("Fournil", Decimal("8.00"))]
    owed = [(row["owed"], row["cancelled"]) for row in report["shops"]]
    assert owed == [(Decimal("8.00"), Decimal("12.00"))]
