"""The voucher share of an order where people read the order: the merchant's order page, board and
new-order email, and the resident's tracking page. A baker reads what the town owes and what to
collect at the counter."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from orders.models import Checkout
from orders.placement import checkout_place
from orders.services import order_cancel
from shops.factories import ProductFactory, ShopFactory, make_merchant
from tests.vouchers.conftest import CONTACT, basket_with, issue, pickups
from tests.vouchers.test_card import checkout_by_card

pytestmark = pytest.mark.django_db


@pytest.fixture
def placed(django_capture_on_commit_callbacks):
    """20 € of vouchers over a 10 € loaf and a 15 € cheese, paid at pickup: 8 € + 12 €, 2 € and 3 € left."""
    baker, cheese = ShopFactory(name="Fournil"), ShopFactory(name="Fromagerie")
    merchants = {"baker": make_merchant(baker, email="fournil@example.com"), "cheese": make_merchant(cheese)}
    basket = basket_with(
        (ProductFactory(shop=baker, price="10.00"), 1),
        (ProductFactory(shop=cheese, price="15.00"), 1),
        vouchers=[issue("20.00")],
    )
    with django_capture_on_commit_callbacks(execute=True):
        checkout = checkout_place(basket=basket, choices=pickups(baker, cheese), contact=CONTACT, user=None)
    return {"checkout": checkout, "bread_order": checkout.orders.get(shop=baker), **merchants}


def as_merchant(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_merchants_order_page_shows_the_voucher_part_and_what_is_left_to_pay(placed):
    url = reverse("dashboard:order-handle", args=[placed["bread_order"].number])

    page = as_merchant(placed["baker"]).get(url).content.decode()

    assert "<dt>Total</dt><dd>€10.00</dd>" in page
    assert '<dd>−€8.00 <span class="text-muted">(paid to you by the town)</span></dd>' in page
    assert "<dt>Left to pay at pickup</dt><dd>€2.00</dd>" in page


def test_the_board_shows_each_orders_voucher_part(placed):
    page = as_merchant(placed["baker"]).get(reverse("dashboard:order-board")).content.decode()

    assert "Gift voucher: −€8.00 · Left to pay at pickup: €2.00" in page
    assert "−€12.00" not in page  # the cheese shop's share is not the baker's business


def test_the_new_order_email_tells_the_merchant_what_the_town_pays(placed):
    (email,) = [message for message in mail.outbox if message.to == ["fournil@example.com"]]

    lines = "Total: €10.00\nGift voucher: −€8.00 (paid to you by the town)\nLeft to pay at pickup: €2.00"
    assert lines in email.body
    html = email.alternatives[0][0]
    assert "Gift voucher: −€8.00" in html and "Left to pay at pickup: <strong>€2.00</strong>" in html


def test_the_tracking_page_shows_each_shops_voucher_part(client, placed):
    url = reverse("order:track", kwargs={"token": placed["checkout"].tracking_token})

    page = client.get(url).content.decode()

    for voucher, left in (("€8.00", "€2.00"), ("€12.00", "€3.00")):
        assert f"<dt>Gift voucher</dt><dd>−{voucher}</dd>" in page
        assert f"<dt>Left to pay at pickup</dt><dd>{left}</dd>" in page
    assert "paid to you by the town" not in page


def test_an_order_without_voucher_shows_its_total_alone(client, django_capture_on_commit_callbacks):
    baker = ShopFactory()
    with django_capture_on_commit_callbacks(execute=True):
        checkout = checkout_place(
            basket=basket_with((ProductFactory(shop=baker, price="10.00"), 1)),
            choices=pickups(baker),
            contact=CONTACT,
            user=None,
        )

    page = client.get(reverse("order:track", kwargs={"token": checkout.tracking_token})).content.decode()

    assert "<dt>Total</dt><dd>€10.00</dd>" in page
    assert "Gift voucher" not in page and "Left to pay" not in page


def test_the_rest_paid_by_card_says_so(client, stripe_stub):
    baker = ShopFactory()
    issue("5.00")

    checkout_by_card(client, baker, ProductFactory(shop=baker, price="12.00"), "NOEL-2026")
    page = client.get(reverse("order:track", kwargs={"token": Checkout.objects.get().tracking_token}))

    text = page.content.decode()
    assert "<dt>Gift voucher</dt><dd>−€5.00</dd>" in text and "<dt>By card</dt><dd>€7.00</dd>" in text


@pytest.mark.french
def test_the_baker_reads_it_in_french(placed):
    url = reverse("dashboard:order-handle", args=[placed["bread_order"].number])

    page = as_merchant(placed["baker"]).get(url).content.decode()

    assert "<dt>Chèque cadeau</dt>" in page and "(payé par la mairie)" in page
    assert "<dt>Reste à payer au retrait</dt>" in page


def test_a_shop_cancelling_tells_the_resident_their_voucher_share_comes_back(
    client, placed, django_capture_on_commit_callbacks
):
    cheese_order = placed["checkout"].orders.exclude(pk=placed["bread_order"].pk).get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        order_cancel(order=cheese_order, reason="Plus de comté", actor=placed["cheese"])

    code = cheese_order.voucher_give_backs.get().new_voucher.code
    said = f"Your gift voucher's share (€12.00) comes back as a new gift voucher: code {code}"
    (email,) = [message for message in mail.outbox if message.to == [CONTACT.email]]
    assert said in email.body and said in email.alternatives[0][0].replace("&#x27;", "'")
    url = reverse("order:track", kwargs={"token": placed["checkout"].tracking_token})
    page = client.get(url).content.decode().replace("&#x27;", "'")
    assert said in page
