"""The merchant's order board: preparing, handing over with the code, cancelling, phone orders."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from orders.models import Channel, Fulfilment, Order, OutboxMessage, SlotBooking, Status
from orders.placement import Contact, DeliveryAddress, FulfilmentChoice, checkout_place
from shops.factories import ProductFactory, ShopFactory, UserFactory, make_merchant

Basket = get_model("basket", "Basket")
StockRecord = get_model("partner", "StockRecord")
Selector = get_class("partner.strategy", "Selector")
PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=PARIS)  # a Tuesday morning
FOUR_PM = dt.datetime(2026, 11, 24, 16, 0, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _tuesday_morning():
    cache.clear()
    with time_machine.travel(NOW, tick=False):
        yield


def place(product, quantity=1, *, start=FOUR_PM, method=Fulfilment.PICKUP, name="Amélie") -> Order:
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    basket.add_product(product, quantity)
    shop = product.stockrecords.get().partner
    address = (
        DeliveryAddress("12 rue Rieussec", "78220", "Viroflay") if method == Fulfilment.DELIVERY else None
    )
    choice = FulfilmentChoice(method=method, slot_start=start, address=address)
    checkout = checkout_place(
        basket=basket,
        choices={shop.pk: choice},
        contact=Contact(email="camille@example.com", phone="0612345678", first_name=name, last_name="Martin"),
        user=None,
    )
    return checkout.orders.get()


@pytest.fixture
def baker(db):
    shop = ShopFactory(name="Fournil du Marché", offers_delivery=True)
    return {
        "shop": shop,
        "merchant": make_merchant(shop),
        "bread": ProductFactory(shop=shop, title="Baguette tradition", price="1.30", stock=10),
        "croissant": ProductFactory(shop=shop, title="Croissant", price="1.20", stock=30),
    }


@pytest.fixture
def cheese(db):
    shop = ShopFactory(name="Fromagerie Rieussec")
    return {"shop": shop, "merchant": make_merchant(shop), "comte": ProductFactory(shop=shop, title="Comté")}


def action(client, order, name, **data):
    return client.post(reverse("dashboard:order-action", args=[order.number, name]), data, follow=True)


def test_the_board_lists_todays_orders_by_slot_and_only_the_merchants_own(client, baker, cheese):
    place(baker["bread"], 2, name="Amélie")
    place(baker["croissant"], 3, start=FOUR_PM + dt.timedelta(minutes=30), name="Jeanne")
    place(cheese["comte"], name="Paul")
    place(baker["bread"], start=FOUR_PM + dt.timedelta(days=1), name="Demain")
    client.force_login(baker["merchant"])

    html = client.get(reverse("dashboard:order-board")).content.decode()

    assert html.index("16:00") < html.index("Amélie") < html.index("16:30") < html.index("Jeanne")
    assert "2 × Baguette tradition" in html and "Paul" not in html and "Demain" not in html
    upcoming = client.get(reverse("dashboard:order-board") + "?when=upcoming").content.decode()
    assert "Demain" in upcoming and "Amélie" not in upcoming


def test_the_board_counts_each_tab_and_an_empty_today_points_to_the_coming_days(client, baker, cheese):
    for days in (1, 2):
        place(baker["bread"], start=FOUR_PM + dt.timedelta(days=days), name=f"Dans {days} jours")
    place(cheese["comte"], name="Paul")  # another shop's: not counted
    client.force_login(baker["merchant"])

    html = client.get(reverse("dashboard:order-board")).content.decode()

    assert "Today (0)" in html and "Upcoming (2)" in html
    assert "Nothing to prepare today for now." in html and "2 orders for the coming days" in html


def test_todays_board_keeps_overdue_open_orders_in_sight(client, baker):
    yesterday = NOW - dt.timedelta(days=1)
    with time_machine.travel(yesterday, tick=False):
        forgotten = place(baker["bread"], start=FOUR_PM - dt.timedelta(days=1), name="Hier")
        client.force_login(baker["merchant"])
        action(client, forgotten, "accept")
        action(client, forgotten, "ready")
    place(baker["croissant"], name="Aujourdhui")
    client.force_login(baker["merchant"])

    today = client.get(reverse("dashboard:order-board")).content.decode()
    upcoming = client.get(reverse("dashboard:order-board") + "?when=upcoming").content.decode()

    assert "Hier" in today and "Aujourdhui" in today and "Hier" not in upcoming
    assert today.index("Hier") < today.index("Aujourdhui")
    assert "Overdue: slot was Mon 23 Nov 16:00–16:30" in today
    assert today.count("Overdue") == 1


def test_the_board_does_the_same_queries_for_one_or_many_orders(client, baker):
    client.force_login(baker["merchant"])
    place(baker["bread"])
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("dashboard:order-board"))
    for minutes in (30, 60, 90, 120):
        place(baker["croissant"], start=FOUR_PM + dt.timedelta(minutes=minutes))
    with CaptureQueriesContext(connection) as five:
        client.get(reverse("dashboard:order-board"))
    assert len(five) == len(one)


def test_accept_ready_and_hand_over_with_the_code(client, baker):
    order = place(baker["bread"], 2)
    client.force_login(baker["merchant"])

    action(client, order, "accept")
    action(client, order, "ready")
    wrong = action(client, order, "collect", code="AAA-AAA", paid_by="pickup-cash")
    order.refresh_from_db()
    assert "does not match" in wrong.content.decode() and order.status == Status.READY

    right = action(
        client,
        order,
        "collect",
        code=f" {order.pickup_code[:3].lower()}-{order.pickup_code[3:]} ",
        paid_by="pickup-cash",
    )

    order.refresh_from_db()
    assert "Code correct" in right.content.decode() and order.status == Status.COLLECTED
    record = baker["bread"].stockrecords.get()
    assert (record.num_in_stock, record.num_allocated) == (8, 0)


def test_handing_over_after_the_merchant_lowered_the_stock_goes_through(client, baker):
    order = place(baker["bread"], 2)
    place(baker["bread"], 3, name="Jeanne")  # another order still holds 3
    client.force_login(baker["merchant"])
    action(client, order, "accept")
    action(client, order, "ready")
    # The merchant counts the shelf and saves 0 in the product form: the set-aside loaves look gone.
    StockRecord.objects.filter(product=baker["bread"]).update(num_in_stock=0)

    response = action(client, order, "collect", code=order.pickup_code, paid_by="pickup-cash")

    order.refresh_from_db()
    assert response.status_code == 200 and order.status == Status.COLLECTED
    record = baker["bread"].stockrecords.get()
    assert (record.num_in_stock, record.num_allocated) == (0, 3)


def test_codes_cannot_be_brute_forced(client, baker):
    order = place(baker["bread"])
    client.force_login(baker["merchant"])
    action(client, order, "accept")
    action(client, order, "ready")
    for _ in range(5):
        action(client, order, "collect", code="ZZZZZZ", paid_by="pickup-cash")
    blocked = action(client, order, "collect", code=order.pickup_code, paid_by="pickup-cash")
    order.refresh_from_db()
    assert "Too many wrong codes" in blocked.content.decode() and order.status == Status.READY


def ready_orders(client, baker, count: int) -> list[Order]:
    """`count` customers' orders, ready at the counter, one per slot from 16:00."""
    orders = [
        place(baker["croissant"], start=FOUR_PM + dt.timedelta(minutes=30 * index), name=f"Client {index}")
        for index in range(count)
    ]
    for order in orders:
        action(client, order, "accept")
        action(client, order, "ready")
    return orders


def test_a_typo_for_one_customer_does_not_block_the_next_ones(client, baker):
    client.force_login(baker["merchant"])
    orders = ready_orders(client, baker, 6)

    for order in orders:
        action(client, order, "collect", code="ZZZ-ZZZ", paid_by="pickup-cash")
        right = action(client, order, "collect", code=order.pickup_code, paid_by="pickup-cash")
        assert "Code correct" in right.content.decode()

    assert {order.status for order in Order.objects.all()} == {Status.COLLECTED}


def test_wrong_codes_on_one_order_block_only_that_order(client, baker):
    client.force_login(baker["merchant"])
    tried, next_customer = ready_orders(client, baker, 2)
    for _ in range(5):
        action(client, tried, "collect", code="ZZZZZZ", paid_by="pickup-cash")

    blocked = action(client, tried, "collect", code=tried.pickup_code, paid_by="pickup-cash")
    served = action(client, next_customer, "collect", code=next_customer.pickup_code, paid_by="pickup-cash")

    assert "Too many wrong codes" in blocked.content.decode()
    assert "Code correct" in served.content.decode()
    tried.refresh_from_db()
    next_customer.refresh_from_db()
    assert (tried.status, next_customer.status) == (Status.READY, Status.COLLECTED)


def test_trying_codes_across_orders_is_blocked_too(client, baker):
    client.force_login(baker["merchant"])
    *tried, untouched = ready_orders(client, baker, 6)
    for order in tried:  # 5 orders × 4 wrong codes: 20, and none of them blocked on its own
        for _ in range(4):
            action(client, order, "collect", code="ZZZZZZ", paid_by="pickup-cash")

    blocked = action(client, untouched, "collect", code=untouched.pickup_code, paid_by="pickup-cash")

    untouched.refresh_from_db()
    assert "Too many wrong codes" in blocked.content.decode() and untouched.status == Status.READY


def test_delivery_goes_out_then_is_delivered(client, baker):
    order = place(
        baker["bread"], method=Fulfilment.DELIVERY, start=dt.datetime(2026, 11, 24, 15, tzinfo=PARIS)
    )
    client.force_login(baker["merchant"])
    for step in ("accept", "out"):
        action(client, order, step)
    board = client.get(reverse("dashboard:order-board")).content.decode()
    assert "Delivered (check code)" in board
    page = client.get(reverse("dashboard:order-handle", args=[order.number])).content.decode()
    assert "To be paid on delivery" in page and "The customer paid" in page
    unpaid = action(client, order, "delivered", code=order.pickup_code)
    assert "Say how the customer paid: cash or card terminal." in unpaid.content.decode()
    empty = action(client, order, "delivered", code="  ")
    assert empty.status_code == 200 and "Nothing was changed" in empty.content.decode()
    wrong = action(client, order, "delivered", code="ZZZ-ZZZ", paid_by="pickup-cash")
    order.refresh_from_db()
    assert "does not match" in wrong.content.decode() and order.status == Status.OUT_FOR_DELIVERY

    right = action(client, order, "delivered", code=order.pickup_code.lower(), paid_by="pickup-card-terminal")

    order.refresh_from_db()
    assert "Code correct" in right.content.decode() and order.status == Status.DELIVERED
    # Paid at the door: recorded as a payment at pickup is, so the shop's takings count it.
    event = order.payment_events.get()
    assert (event.amount, event.event_type.code) == (order.total_incl_tax, "pickup-card-terminal")
    record = baker["bread"].stockrecords.get()
    assert (record.num_in_stock, record.num_allocated) == (9, 0)
    assert action(client, order, "ready").status_code == 200  # refused with a message, not a 500
    order.refresh_from_db()
    assert order.status == Status.DELIVERED


def test_a_pickup_order_cannot_go_out_for_delivery(client, baker):
    order = place(baker["bread"])
    client.force_login(baker["merchant"])
    action(client, order, "accept")
    response = action(client, order, "out")
    order.refresh_from_db()
    assert order.status == Status.ACCEPTED and "cannot become" in response.content.decode()


def test_cancelling_needs_a_reason_and_releases_stock_and_slot(client, baker):
    order = place(baker["bread"], 3)
    client.force_login(baker["merchant"])
    refused = action(client, order, "cancel", reason="  ")
    order.refresh_from_db()
    assert order.status == Status.PLACED and "reason" in refused.content.decode()

    action(client, order, "cancel", reason="Four en panne")

    order.refresh_from_db()
    assert order.status == Status.CANCELLED and order.cancellation_reason == "Four en panne"
    assert order.cancelled_by == baker["merchant"]
    assert baker["bread"].stockrecords.get().num_allocated == 0
    assert SlotBooking.objects.get(shop=baker["shop"], start=FOUR_PM).booked == 0


def test_an_unavailable_line_is_removed_with_its_reason_and_the_total_updated(client, baker):
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    basket.add_product(baker["bread"], 2)
    basket.add_product(baker["croissant"], 4)
    checkout = checkout_place(
        basket=basket,
        choices={baker["shop"].pk: FulfilmentChoice(slot_start=FOUR_PM)},
        contact=Contact(email="camille@example.com"),
        user=None,
    )
    order = checkout.orders.get()
    croissants = order.lines.get(product=baker["croissant"])
    client.force_login(baker["merchant"])

    action(client, order, "unavailable", line=croissants.pk, reason="Plus de beurre")

    order.refresh_from_db()
    assert order.total_incl_tax == Decimal("2.60")
    assert baker["croissant"].stockrecords.get().num_allocated == 0
    html = client.get(reverse("dashboard:order-handle", args=[order.number])).content.decode()
    assert "Plus de beurre" in html


def test_the_preparation_list_adds_up_what_to_prepare(client, baker):
    place(baker["bread"], 2)
    place(baker["bread"], 3, start=FOUR_PM + dt.timedelta(minutes=30))
    place(baker["croissant"], 6)
    client.force_login(baker["merchant"])
    html = client.get(reverse("dashboard:order-preparation")).content.decode()
    assert "<td>Croissant</td><td>6</td>" in html and "<td>Baguette tradition</td><td>5</td>" in html


def test_a_phone_order_goes_into_the_same_flow_with_a_slot(client, baker):
    client.force_login(baker["merchant"])
    slot_value = FOUR_PM.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M")
    data = {
        "first_name": "Mme",
        "last_name": "Lefèvre",
        "phone": "01 30 24 00 00",
        "slot": slot_value,
        "product_0": baker["bread"].pk,
        "quantity_0": 4,
    }

    response = client.post(reverse("dashboard:order-phone"), data, follow=True)

    order = Order.objects.get()
    # Accepted as it is taken: the merchant agreed to it on the phone (the board offers "ready" next).
    assert order.shop == baker["shop"] and order.slot_start == FOUR_PM and order.status == Status.ACCEPTED
    assert order.checkout.customer_name == "Mme Lefèvre"
    # Counted as call & collect in the town hall's oversight.
    assert order.checkout.channel == Channel.PHONE
    # The code as the customer will read it elsewhere ("K7M-4QP").
    assert f"{order.pickup_code[:3]}-{order.pickup_code[3:]}" in response.content.decode()
    # No email given: the customer is not written to, and the shop gets no mail in their place.
    assert not OutboxMessage.objects.filter(channel=OutboxMessage.Channel.EMAIL).exists()
    assert baker["bread"].stockrecords.get().num_allocated == 4


@pytest.mark.parametrize(
    "data, message",
    [
        ({"product_0": "", "quantity_0": ""}, "Add at least one product"),
        ({"product_0": ""}, "Which product?"),
        ({"quantity_0": ""}, "How many?"),
        ({"quantity_0": "-2"}, "greater than or equal to 1"),
        ({"quantity_0": "50"}, "Only 10 left"),
        ({"quantity_0": "500"}, "less than or equal to 99"),
        ({"slot": "2026-11-24T03:00"}, "This time is no longer available: please choose another."),
        ({"phone": "pas de téléphone"}, "Enter a phone number"),
    ],
)
def test_a_bad_phone_order_says_why_and_records_nothing(client, baker, data, message):
    client.force_login(baker["merchant"])
    base = {
        "first_name": "Mme",
        "last_name": "Lefèvre",
        "phone": "0130240000",
        "slot": FOUR_PM.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M"),
        "product_0": baker["bread"].pk,
        "quantity_0": 4,
    }
    response = client.post(reverse("dashboard:order-phone"), {**base, **data})
    assert response.status_code == 200 and message in response.content.decode()
    assert Order.objects.count() == 0 and not baker["bread"].stockrecords.get().num_allocated
    assert "Lefèvre" in response.content.decode()


def test_a_merchant_cannot_see_or_act_on_another_shops_order(client, baker, cheese):
    order = place(cheese["comte"])
    client.force_login(baker["merchant"])
    assert client.get(reverse("dashboard:order-handle", args=[order.number])).status_code == 404
    for name in ("accept", "ready", "cancel", "collect", "unavailable"):
        response = client.post(
            reverse("dashboard:order-action", args=[order.number, name]),
            {"code": order.pickup_code, "reason": "x", "line": order.lines.get().pk},
        )
        assert response.status_code == 404
    order.refresh_from_db()
    assert order.status == Status.PLACED


def test_residents_and_visitors_stay_out_of_the_board(client, db):
    assert client.get(reverse("dashboard:order-board")).status_code == 302
    client.force_login(UserFactory())
    assert client.get(reverse("dashboard:order-board")).status_code in (302, 403)


def test_orders_waiting_for_card_payment_stay_off_the_board(client, baker):
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    basket.add_product(baker["bread"], 1)
    checkout_place(
        basket=basket,
        choices={baker["shop"].pk: FulfilmentChoice(slot_start=FOUR_PM)},
        contact=Contact(email="camille@example.com", first_name="Unpaid"),
        user=None,
        status=Status.PENDING_PAYMENT,
    )
    client.force_login(baker["merchant"])
    assert "Unpaid" not in client.get(reverse("dashboard:order-board")).content.decode()


def test_an_unavailable_line_keeps_the_delivery_fee_in_the_total(client, baker):
    baker["shop"].delivery_fee = Decimal("3.00")
    baker["shop"].save()
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    basket.add_product(baker["bread"], 2)
    basket.add_product(baker["croissant"], 1)
    window = dt.datetime(2026, 11, 24, 15, tzinfo=PARIS)
    address = DeliveryAddress("12 rue Rieussec", "78220", "Viroflay")
    order = checkout_place(
        basket=basket,
        choices={
            baker["shop"].pk: FulfilmentChoice(method=Fulfilment.DELIVERY, slot_start=window, address=address)
        },
        contact=Contact(email="camille@example.com"),
        user=None,
    ).orders.get()
    client.force_login(baker["merchant"])
    croissant = order.lines.get(product=baker["croissant"])
    action(client, order, "unavailable", line=croissant.pk, reason="Plus de beurre")
    order.refresh_from_db()
    assert order.total_incl_tax == Decimal("2.60") + Decimal("3.00")


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/phish", "//evil.example/phish", "javascript:alert(1)", "http:/\\evil.example"],
)
def test_an_order_step_never_sends_the_merchant_to_another_site(client, baker, next_url):
    order = place(baker["bread"])
    client.force_login(baker["merchant"])

    response = client.post(
        reverse("dashboard:order-action", args=[order.number, "accept"]), {"next": next_url}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:order-handle", args=[order.number])
    order.refresh_from_db()
    assert order.status == Status.ACCEPTED


def test_an_order_step_from_the_board_goes_back_to_the_board(client, baker):
    order = place(baker["bread"])
    client.force_login(baker["merchant"])
    board = reverse("dashboard:order-board") + "?tab=upcoming"

    response = client.post(reverse("dashboard:order-action", args=[order.number, "accept"]), {"next": board})

    assert response["Location"] == board
