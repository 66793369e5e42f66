"""The merchant's phone order tells the customer the way they ask: a voice call to a landline, a text
to a mobile, or nothing."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from orders import services
from orders.models import Order, OutboxMessage
from shops.factories import ProductFactory, ShopFactory, make_merchant

PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2026, 11, 24, 9, 0, tzinfo=PARIS)
FOUR_PM = dt.datetime(2026, 11, 24, 16, 0, tzinfo=PARIS)


@pytest.fixture
def baker(db):
    shop = ShopFactory(name="Fournil du Marché")
    client = Client()
    client.force_login(make_merchant(shop))
    return {"client": client, "bread": ProductFactory(shop=shop, title="Baguette tradition", stock=10)}


def phone_order(baker, **extra):
    data = {
        "first_name": "Germaine",
        "last_name": "Lefèvre",
        "phone": "01 30 24 55 10",
        "slot": FOUR_PM.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M"),
        "product_0": baker["bread"].pk,
        "quantity_0": 2,
        **extra,
    }
    with time_machine.travel(NOW, tick=False):
        return baker["client"].post(reverse("dashboard:order-phone"), data)


def test_a_landline_customer_is_called_when_the_order_is_ready(
    baker, settings, capsys, django_capture_on_commit_callbacks
):
    settings.VOICE_BACKEND = "orders.voice.ConsoleVoiceBackend"
    assert phone_order(baker, tell_by="voice").status_code == 302
    order = Order.objects.get()
    assert order.checkout.voice_calls and order.checkout.phone == "+33130245510"
    capsys.readouterr()
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        services.order_mark_ready(order=order)  # accepted as the merchant took it
    assert "APPEL VOCAL to +33130245510: Fournil du Marché" in capsys.readouterr().out


def test_no_phone_message_unless_asked_and_no_text_to_a_landline(baker):
    html = phone_order(baker, tell_by="sms").content.decode()
    assert "A text message cannot reach a landline" in html and not Order.objects.exists()
    assert phone_order(baker).status_code == 302  # nothing chosen: no message by phone
    order = Order.objects.get()
    assert not order.checkout.voice_calls and not order.checkout.sms_opt_in
    assert order.checkout.phone == "01 30 24 55 10"  # kept as typed, as before
    assert not OutboxMessage.objects.exclude(channel=OutboxMessage.Channel.EMAIL).exists()
