"""Voice calls to landline residents: the outbox picks the channel, the HTTP backend against a local
stand-in for the text-to-speech provider, the console backend for `make run`."""

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation
from oscar.core.loading import get_class, get_model

from orders import services
from orders.models import OutboxMessage
from orders.placement import Contact, FulfilmentChoice, checkout_place
from orders.templatetags.order_tags import message_day
from orders.voice import spoken_text
from shops.factories import ProductFactory, ShopFactory

Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")
PARIS = ZoneInfo("Europe/Paris")


class Provider:
    """Records the calls it is asked to place; can refuse the next few with a 503."""

    def __init__(self) -> None:
        self.calls: list[dict] = []
        self.refuse_next = 0
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if provider.refuse_next:
                    provider.refuse_next -= 1
                    self.send_response(503)
                else:
                    assert self.headers["Authorization"] == "Bearer voice-token"
                    provider.calls.append(body)
                    self.send_response(202)
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/calls"


@pytest.fixture
def provider(settings):
    provider = Provider()
    settings.VOICE_BACKEND = "orders.voice.HttpVoiceBackend"
    settings.VOICE_HTTP_URL, settings.VOICE_HTTP_TOKEN = provider.url, "voice-token"
    settings.SMS_BACKEND = "orders.sms.ConsoleSmsBackend"
    yield provider
    provider.server.shutdown()


@pytest.fixture
def ready_order(db, smtp_inbox, django_capture_on_commit_callbacks):
    def make(*, voice: bool, sms: bool = False):
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
                    contact=Contact(
                        email="proche@example.com", phone="+33130245510", voice_calls=voice, sms_opt_in=sms
                    ),
                    user=None,
                )
                order = checkout.orders.get()
                services.order_accept(order=order)
                services.order_mark_ready(order=order)
        return order

    return make


def test_a_landline_resident_is_read_the_ready_message_with_the_code(provider, ready_order):
    order = ready_order(voice=True, sms=True)  # a voice call replaces the text, never both
    assert len(provider.calls) == 1
    call = provider.calls[0]
    assert call["to"] == "+33130245510" and "Fournil du Marché" in call["text"]
    # The code spelt out, the message said twice.
    spelt = ", ".join(order.pickup_code)
    assert call["text"].count(spelt) == 2 and " I repeat: " in call["text"]
    assert call["language"] == "en"
    assert not OutboxMessage.objects.filter(channel=OutboxMessage.Channel.SMS).exists()
    # The day said in full, as a listener understands it ("Tue 24" on a phone's screen).
    assert "Tuesday 24 November 16:00" in call["text"] and "Tue 24" not in call["text"]


def test_no_call_for_a_resident_who_did_not_ask(provider, ready_order):
    ready_order(voice=False)
    assert provider.calls == []
    assert not OutboxMessage.objects.filter(channel=OutboxMessage.Channel.VOICE).exists()


def test_a_provider_refusing_for_a_while_is_retried_and_called_once(provider, ready_order):
    provider.refuse_next = 2
    ready_order(voice=True)
    call = OutboxMessage.objects.get(channel=OutboxMessage.Channel.VOICE)
    assert call.state == OutboxMessage.State.SENT and call.attempts == 3
    assert len(provider.calls) == 1


def test_the_console_backend_prints_the_call(settings, capsys, ready_order, smtp_inbox):
    settings.VOICE_BACKEND = "orders.voice.ConsoleVoiceBackend"
    ready_order(voice=True)
    assert "APPEL VOCAL to +33130245510: " in capsys.readouterr().out


def test_the_code_is_spelt_and_the_message_said_twice_in_the_residents_language():
    with translation.override("fr"):
        text = spoken_text("Fournil : commande prête. Code K7M-4QP.", pickup_code="K7M-4QP")
    said = "Fournil : commande prête. Code K, 7, M, 4, Q, P."
    assert text == f"{said} Je répète : {said}"


def test_the_console_shows_each_call_and_text_once(settings, capsys, caplog, ready_order, smtp_inbox):
    """Under `make run` the log goes to the same console as the printed line: one of the two only."""
    settings.VOICE_BACKEND = "orders.voice.ConsoleVoiceBackend"
    settings.SMS_BACKEND = "orders.sms.ConsoleSmsBackend"
    ready_order(voice=True)
    ready_order(voice=False, sms=True)
    shown = capsys.readouterr().out + caplog.text
    assert shown.count("APPEL VOCAL to +33130245510") == 1
    assert shown.count("SMS to +33130245510") == 1


def test_a_message_without_a_time_says_no_day() -> None:
    assert message_day(None) == "" and message_day(None, spoken=True) == ""
