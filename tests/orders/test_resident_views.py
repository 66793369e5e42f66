"""The resident's side of orders (orders/views.py and the account's history): cancelling asks first,
each order says how it is paid, the history shows shop, state, slot and total and orders again."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orders.models import Checkout, Order, Status
from payments.models import Payment
from shops.factories import UserFactory
from tests.checkout import test_views as checkout_tests
from tests.checkout.test_views import fill_basket, form_data

# The checkout tests' town and Tuesday morning, shared rather than copied.
town = checkout_tests.town
_tuesday_morning = checkout_tests._tuesday_morning


@pytest.fixture
def placed(client, town):
    fill_basket(client, town)
    client.post(reverse("checkout:index"), form_data(town))
    return Checkout.objects.get()


def cancel_url(checkout: Checkout, order: Order) -> str:
    return reverse("order:resident-cancel", kwargs={"token": checkout.tracking_token, "number": order.number})


def facts_of(html: bytes, shop: str) -> dict[str, str]:
    page = BeautifulSoup(html, "html.parser")
    [article] = [a for a in page.select("article.track-order") if a.find("h2").get_text(strip=True) == shop]
    return {
        dt_.get_text(strip=True): dt_.find_next_sibling("dd").get_text(" ", strip=True)
        for dt_ in article.select(".track-order__facts dt")
    }


def test_cancel_on_the_tracking_page_is_a_link_to_a_confirmation_not_a_one_tap_button(client, town, placed):
    baker_order = placed.orders.get(shop=town["baker"][0])
    track = client.get(reverse("order:track", kwargs={"token": placed.tracking_token})).content.decode()
    page = BeautifulSoup(track, "html.parser")
    assert not page.select(f'form[action="{cancel_url(placed, baker_order)}"]')
    [link] = page.select(f'a[href="{cancel_url(placed, baker_order)}"]')
    assert "Cancel my order at Fournil du Marché" in link.get_text()

    confirm = client.get(cancel_url(placed, baker_order))

    html = confirm.content.decode()
    assert "Cancel your order at Fournil du Marché?" in html
    assert "2 × Baguette tradition" in html and "No, keep my order" in html
    baker_order.refresh_from_db()
    assert baker_order.status == Status.PLACED  # looking at the question cancels nothing


def test_only_the_confirmed_form_cancels(client, town, placed):
    baker_order = placed.orders.get(shop=town["baker"][0])

    unconfirmed = client.post(cancel_url(placed, baker_order))
    baker_order.refresh_from_db()
    assert unconfirmed.status_code == 302 and unconfirmed["Location"] == cancel_url(placed, baker_order)
    assert baker_order.status == Status.PLACED

    response = client.post(cancel_url(placed, baker_order), {"confirm": "1"}, follow=True)
    baker_order.refresh_from_db()
    assert baker_order.status == Status.CANCELLED
    assert "Your order at Fournil du Marché is cancelled." in response.content.decode()
    assert placed.orders.get(shop=town["cheese"][0]).status == Status.PLACED


def test_the_confirmation_of_an_accepted_order_sends_back_with_the_reason(client, town, placed):
    cheese_order = placed.orders.get(shop=town["cheese"][0])
    cheese_order.set_status(Status.ACCEPTED)
    response = client.get(cancel_url(placed, cheese_order), follow=True)
    assert "already accepted" in response.content.decode()
    unknown = cancel_url(placed, cheese_order).replace(cheese_order.number, "nope")
    assert client.get(unknown).status_code == 404


def test_each_order_says_how_it_is_paid(client, town, placed):
    track = reverse("order:track", kwargs={"token": placed.tracking_token})
    html = client.get(track).content
    assert facts_of(html, "Fournil du Marché")["Payment"] == "To be paid at the shop"
    assert facts_of(html, "Fleurs de Jouy")["Payment"] == "To be paid on delivery"

    Payment.objects.create(checkout=placed, amount=Decimal("32.50"), state=Payment.State.SUCCEEDED)
    html = client.get(track).content
    assert facts_of(html, "Fournil du Marché")["Payment"] == "Paid by card"
    assert facts_of(html, "Fleurs de Jouy")["Payment"] == "Paid by card"


@pytest.mark.french
def test_the_payment_is_said_in_french(client, town, placed):
    html = client.get(reverse("order:track", kwargs={"token": placed.tracking_token})).content
    assert facts_of(html, "Fournil du Marché")["Paiement"] == "À régler en boutique"


def test_the_history_shows_shop_state_slot_and_total_and_orders_again(client, town):
    client.force_login(UserFactory(email="resident@example.com"))
    fill_basket(client, town)
    client.post(reverse("checkout:index"), form_data(town))
    placed = Checkout.objects.get()
    placed.orders.filter(shop=town["cheese"][0]).update(status=Status.ACCEPTED)

    page = BeautifulSoup(client.get(reverse("customer:order-list")).content, "html.parser")

    cards = {
        card.find("h2").get_text(strip=True): {
            dt_.get_text(strip=True): dt_.find_next_sibling("dd").get_text(" ", strip=True)
            for dt_ in card.select("dt")
        }
        for card in page.select(".order-history__item")
    }
    assert set(cards) == {"Fournil du Marché", "Fromagerie Rieussec", "Fleurs de Jouy"}
    assert cards["Fromagerie Rieussec"]["State"] == "Accepted"
    assert cards["Fournil du Marché"]["Pickup"].startswith("Tuesday 24 November, 16:00 – ")
    assert cards["Fournil du Marché"]["Total"] == "€2.60"
    assert "Delivery" in cards["Fleurs de Jouy"]
    baker = placed.orders.get(shop=town["baker"][0])
    assert page.select(f'a[href="{reverse("order:track", kwargs={"token": placed.tracking_token})}"]')

    response = client.post(
        reverse("customer:order", kwargs={"order_number": baker.number}),
        {"order_id": baker.pk, "action": "reorder"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("basket:summary")
    assert "2 × Baguette tradition" in client.get(reverse("checkout:index")).content.decode()


def test_the_history_reads_the_same_number_of_queries_for_one_order_or_three(client, town):
    client.force_login(UserFactory(email="resident@example.com"))
    fill_basket(client, town)
    client.post(reverse("checkout:index"), form_data(town))
    client.get(reverse("customer:order-list"))  # the first visit opens a new basket: not the list's cost
    with CaptureQueriesContext(connection) as three:
        client.get(reverse("customer:order-list"))
    Order.objects.exclude(shop=town["baker"][0]).delete()
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("customer:order-list"))
    assert len(one) == len(three), "\n".join(q["sql"][:200] for q in three.captured_queries)
