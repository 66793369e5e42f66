"""Text messages through the HTTP backend, against a local stand-in for the SMS provider."""

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest
import time_machine
from oscar.core.loading import get_class, get_model

from orders import services
from orders.models import OutboxMessage
from orders.placement import Contact, FulfilmentChoice, checkout_place
from shops.factories import ProductFactory, ShopFactory

Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")
PARIS = ZoneInfo("Europe/Paris")


class Provider:
    """Records the texts it is asked to send; can refuse the next few with a 503."""

    def __init__(self) -> None:
        self.texts: list[dict] = []
        self.refuse_next = 0
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if provider.refuse_next:
                    provider.refuse_next -= 1
                    self.send_response(503)
                else:
                    assert self.headers["Authorization"] == "Bearer test-token"
                    provider.texts.append(body)
                    self.send_response(202)
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/sms"


@pytest.fixture
def provider(settings):
    provider = Provider()
    settings.SMS_BACKEND = "orders.sms.HttpSmsBackend"
    settings.SMS_HTTP_URL, settings.SMS_HTTP_TOKEN = provider.url, "test-token"
    yield provider
    provider.server.shutdown()


@pytest.fixture
def ready_order(db, smtp_inbox, django_capture_on_commit_callbacks):
    def make(*, opt_in: bool):
        shop = ShopFactory(name="Fournil du Marché")
        basket = Basket.objects.create()
        basket.strategy = Selector().strategy()
        basket.add_product(ProductFactory(shop=shop), 1)
        with time_machine.travel(dt.datetime(2026, 11, 24, 9, tzinfo=PARIS), tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                checkout = checkout_place(
                    basket=basket,
                    choices={
                        shop.pk: FulfilmentChoice(slot_start=dt.datetime(2026, 11, 24, 16, tzinfo=PARIS))
                    },
                    contact=Contact(email="camille@example.com", phone="06 12 34 56 78", sms_opt_in=opt_in),
                    user=None,
                )
                order = checkout.orders.get()
                services.order_accept(order=order)
                services.order_mark_ready(order=order)
        return order

    return make


def test_a_resident_who_opted_in_gets_the_code_by_text(provider, ready_order):
    order = ready_order(opt_in=True)
    assert len(provider.texts) == 1
    text = provider.texts[0]
    assert text["to"] == "06 12 34 56 78" and "Fournil du Marché" in text["text"]
    assert f"{order.pickup_code[:3]}-{order.pickup_code[3:]}" in text["text"]


def test_no_text_without_consent(provider, ready_order):
    ready_order(opt_in=False)
    assert provider.texts == []
    assert not OutboxMessage.objects.filter(channel=OutboxMessage.Channel.SMS).exists()


def test_a_provider_refusing_for_a_while_is_retried(provider, ready_order):
    provider.refuse_next = 2
    ready_order(opt_in=True)
    sms = OutboxMessage.objects.get(channel=OutboxMessage.Channel.SMS)
    assert sms.state == OutboxMessage.State.SENT and sms.attempts == 3
    assert len(provider.texts) == 1
