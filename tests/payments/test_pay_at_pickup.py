"""Pay at pickup: the merchant records at the counter how the resident paid, when handing the order over."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from core.roles import ensure_town_hall_group
from orders.models import Checkout, Status
from orders.services import order_accept, order_mark_ready
from payments.models import Payment
from shops.factories import UserFactory, make_merchant
from tests.payments.shopping import checkout_data, fill_basket, pay_in_browser
from townhall.gift_vouchers.services import vouchers_issue as issue_vouchers

PaymentEvent = get_model("order", "PaymentEvent")


@pytest.fixture(autouse=True)
def _no_code_attempts_left_over():
    cache.clear()


@pytest.fixture
def merchant(town):
    return make_merchant(town["cheese"][0], email="fromagerie@example.com")


def ready_cheese_order(client, town, *, payment: str = "pickup", stub=None, basket_filled: bool = False):
    """Camille's order at the cheese shop, ready for pickup; paid at pickup, or by card when `stub`."""
    if not basket_filled:
        fill_basket(client, town)
    client.post(reverse("checkout:index"), checkout_data(town, payment=payment))
    checkout = Checkout.objects.get()
    if stub is not None:
        client.get(reverse("payments:pay", kwargs={"token": checkout.tracking_token}))
        pay_in_browser(stub, Payment.objects.get().intent_id, "pm_card_visa")
        client.get(reverse("payments:return", kwargs={"token": checkout.tracking_token}))
    order = checkout.orders.get(shop=town["cheese"][0])
    order_accept(order=order)
    order_mark_ready(order=order)
    client.logout()
    return order


def collect(client, order, **data):
    return client.post(reverse("dashboard:order-action", args=[order.number, "collect"]), data, follow=True)


def test_a_pay_at_pickup_order_asks_how_it_was_paid_and_keeps_the_code_typed(client, town, merchant):
    order = ready_cheese_order(client, town)
    client.force_login(merchant)
    page = client.get(reverse("dashboard:order-handle", args=[order.number])).content.decode()
    assert "To be paid at pickup" in page and "The customer paid" in page

    response = collect(client, order, code=order.pickup_code)

    order.refresh_from_db()
    assert order.status == Status.READY and not PaymentEvent.objects.exists()
    html = response.content.decode()
    assert "Say how the customer paid: cash or card terminal." in html
    assert f'value="{order.pickup_code}"' in html  # what the merchant typed is still there


def test_collecting_records_the_cash_payment_on_the_order_and_in_the_settlement(client, town, merchant):
    order = ready_cheese_order(client, town)
    client.force_login(merchant)

    response = collect(client, order, code=order.pickup_code, paid_by="pickup-cash")

    order.refresh_from_db()
    assert order.status == Status.COLLECTED
    event = PaymentEvent.objects.get(order=order)
    assert (event.amount, event.event_type.code) == (Decimal("4.90"), "pickup-cash")
    assert "Paid at pickup: €4.90, Cash" in response.content.decode()

    mairie = UserFactory(email="mairie@example.com", is_staff=True)
    mairie.groups.add(ensure_town_hall_group())
    client.force_login(mairie)
    rows = list(csv.reader(io.StringIO(client.get(reverse("payments:settlement")).content.decode())))
    assert rows[1] == [
        "Fromagerie Rieussec",
        order.number,
        order.checkout.reference,
        "2026-11-24",
        "Cash",
        "4.90",
        "0.00",
        "0.00",
        "0.00",  # the shop holds the money: the town hall owes it nothing
    ]
    assert len(rows) == 2


def test_a_wrong_code_records_no_payment(client, town, merchant):
    order = ready_cheese_order(client, town)
    client.force_login(merchant)

    response = collect(client, order, code="ZZZ-ZZZ", paid_by="pickup-card-terminal")

    order.refresh_from_db()
    assert "does not match" in response.content.decode()
    assert order.status == Status.READY and not PaymentEvent.objects.exists()


def test_a_card_paid_order_is_handed_over_without_asking(client, town, stripe_stub, merchant):
    order = ready_cheese_order(client, town, payment="card", stub=stripe_stub)
    client.force_login(merchant)
    page = client.get(reverse("dashboard:order-handle", args=[order.number])).content.decode()
    assert "Paid online by card" in page and "The customer paid" not in page

    collect(client, order, code=order.pickup_code)

    order.refresh_from_db()
    assert order.status == Status.COLLECTED and not PaymentEvent.objects.exists()


def test_an_order_covered_by_gift_vouchers_is_handed_over_without_asking(client, town, merchant):
    issue_vouchers(
        name="Chèque cadeau",
        amount=Decimal("10.00"),
        count=1,
        start=timezone.now() - dt.timedelta(days=1),
        end=timezone.now() + dt.timedelta(days=30),
        code="NOEL-2026",
    )
    fill_basket(client, town)
    client.post(reverse("basket:vouchers-add"), {"code": "NOEL-2026"})
    order = ready_cheese_order(client, town, basket_filled=True)
    assert order.total_incl_tax == 0
    client.force_login(merchant)
    page = client.get(reverse("dashboard:order-handle", args=[order.number])).content.decode()
    assert "Nothing left to pay" in page and "The customer paid" not in page

    collect(client, order, code=order.pickup_code)

    order.refresh_from_db()
    assert order.status == Status.COLLECTED and not PaymentEvent.objects.exists()


def test_another_merchant_cannot_record_a_payment_on_the_order(client, town, merchant):
    order = ready_cheese_order(client, town)
    client.force_login(make_merchant(town["baker"][0], email="fournil@example.com"))

    response = client.post(
        reverse("dashboard:order-action", args=[order.number, "collect"]),
        {"code": order.pickup_code, "paid_by": "pickup-cash"},
    )

    order.refresh_from_db()
    assert response.status_code == 404
    assert order.status == Status.READY and not PaymentEvent.objects.exists()
