"""Sending many messages cheaply: few queries each, one SMTP connection kept, wording cached until edited."""

import asyncio
import datetime as dt
import time
import uuid
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from oscar.core.loading import get_class, get_model

from core.roles import ensure_town_hall_group
from orders import services
from orders.events import Event, ensure_event_types, event_types_changed
from orders.models import Fulfilment, OutboxMessage
from orders.placement import Contact, FulfilmentChoice, checkout_place
from orders.sending import outbox_send
from pickup_points.factories import PickupPointFactory
from shops.factories import ProductFactory, ShopFactory, UserFactory

Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")
PARIS = ZoneInfo("Europe/Paris")
FOUR_PM = dt.datetime(2026, 11, 24, 16, 0, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _cache_of_its_own(settings):
    """Parallel tests share Redis: another test's wording edit must not reach this one's counts."""
    settings.CACHES = {"default": {**settings.CACHES["default"], "KEY_PREFIX": uuid.uuid4().hex}}


@pytest.fixture(autouse=True)
def _tuesday_morning():
    with time_machine.travel(dt.datetime(2026, 11, 24, 9, 0, tzinfo=PARIS), tick=False):
        yield


@pytest.fixture
def peers(smtp_inbox) -> list:
    """The client address and port of each message's SMTP session: one per TCP connection."""
    seen, receive = [], smtp_inbox.handle_DATA

    async def handle_DATA(server, session, envelope) -> str:
        seen.append(session.peer)
        return await receive(server, session, envelope)

    smtp_inbox.handle_DATA = handle_DATA
    return seen


def place(*shops, email: str = "camille@example.com"):
    """A checkout of one product of each shop, pickup at four; its messages left pending."""
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for shop in shops:
        basket.add_product(ProductFactory(shop=shop), 1)
    return checkout_place(
        basket=basket,
        choices={shop.pk: FulfilmentChoice(slot_start=FOUR_PM) for shop in shops},
        contact=Contact(email=email, first_name="Camille"),
        user=None,
    )


def ready_message(shop) -> OutboxMessage:
    """The pending "ready" email of a new order of `shop`."""
    order = place(shop).orders.get()
    services.order_accept(order=order)
    services.order_mark_ready(order=order)
    return OutboxMessage.objects.get(order=order, event=Event.ORDER_READY)


@pytest.fixture
def warm(db, smtp_inbox):
    """Event types exist and this process has read them, as in a worker that sent messages before."""
    ensure_event_types()
    ready = ready_message(ShopFactory())
    for message in OutboxMessage.objects.filter(checkout=ready.order.checkout):
        outbox_send(message_id=message.pk)


def test_a_ready_email_costs_six_queries_and_a_savepoint(warm, smtp_inbox, django_assert_num_queries):
    message = ready_message(ShopFactory(email="fournil@example.com"))
    # Lock and read the message with its order, checkout and shop, and claim it ('sending'), with the
    # savepoint and its release around them (a commit in a worker); the shop's hours and closures
    # (today's hours are in the mail); its lines (a weighed item's final price is in it); mark it sent.
    with django_assert_num_queries(8):
        assert outbox_send(message_id=message.pk)
    assert "is ready" in smtp_inbox.messages[-1]["Subject"]


def test_a_confirmation_reads_its_orders_once_whatever_the_number_of_shops(
    warm, smtp_inbox, django_assert_num_queries
):
    shops = [ShopFactory(name=name) for name in ("Fournil", "Fromagerie", "Primeur")]
    one = OutboxMessage.objects.get(checkout=place(ShopFactory()), event=Event.CHECKOUT_PLACED)
    three = OutboxMessage.objects.get(
        checkout=place(*shops, email="lea@example.com"), event=Event.CHECKOUT_PLACED
    )
    # Lock and read the message with its checkout and claim it (inside a savepoint); its orders with
    # their shops, and their lines (a total before weighing says "about"); mark it sent.
    with django_assert_num_queries(7):
        outbox_send(message_id=one.pk)
    with django_assert_num_queries(7):
        outbox_send(message_id=three.pk)
    text = smtp_inbox.messages[-1].get_body(preferencelist=("plain",)).get_content()
    assert all(shop.name in text for shop in shops)


def test_a_pickup_point_confirmation_reads_its_orders_with_their_point_at_once(
    warm, smtp_inbox, django_assert_num_queries
):
    point = PickupPointFactory(name="Halle du marché")
    shops = [ShopFactory(drops_at_pickup_points=True) for _ in range(3)]
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for shop in shops:
        basket.add_product(ProductFactory(shop=shop), 1)
    choice = FulfilmentChoice(method=Fulfilment.PICKUP_POINT, slot_start=FOUR_PM, point=point)
    checkout = checkout_place(
        basket=basket,
        choices={shop.pk: choice for shop in shops},
        contact=Contact(email="lea@example.com", first_name="Léa"),
        user=None,
    )
    message = OutboxMessage.objects.get(checkout=checkout, event=Event.CHECKOUT_PLACED)
    with django_assert_num_queries(7):
        outbox_send(message_id=message.pk)
    assert "Halle du marché" in smtp_inbox.messages[-1].get_body(preferencelist=("plain",)).get_content()


def test_one_smtp_connection_carries_message_after_message(db, smtp_inbox, peers):
    shop = ShopFactory()
    for message in [ready_message(shop) for _ in range(3)]:
        assert outbox_send(message_id=message.pk)
    assert len(peers) == 3 and len(set(peers)) == 1


def test_a_connection_the_server_dropped_meanwhile_is_reopened_at_once(db, smtp_inbox, peers):
    receive = smtp_inbox.handle_DATA

    async def handle_DATA(server, session, envelope) -> str:
        # Like a server closing idle connections: hang up just after answering.
        asyncio.get_running_loop().call_later(0.05, server.transport.close)
        return await receive(server, session, envelope)

    smtp_inbox.handle_DATA = handle_DATA
    shop = ShopFactory()
    first, second = ready_message(shop), ready_message(shop)
    assert outbox_send(message_id=first.pk)
    time.sleep(0.3)
    assert outbox_send(message_id=second.pk)
    second.refresh_from_db()
    assert second.state == OutboxMessage.State.SENT and second.attempts == 1  # no retry needed
    assert len(smtp_inbox.messages) == 2 and peers[0] != peers[1]


@pytest.fixture
def wording_restored_after():
    yield
    # The test's rollback restores the rows without a signal: processes must forget the edit too.
    event_types_changed()


def test_the_town_hall_rewords_a_message_and_the_next_one_says_it(
    client, db, smtp_inbox, django_capture_on_commit_callbacks, wording_restored_after
):
    ensure_event_types()
    shop = ShopFactory()
    outbox_send(message_id=ready_message(shop).pk)  # this process now has the wording
    mairie = UserFactory(email="mairie@example.com", is_staff=True)
    mairie.groups.add(ensure_town_hall_group())
    client.force_login(mairie)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("dashboard:comms-update", kwargs={"slug": Event.ORDER_READY}),
            {
                "name": "Resident: order ready for pickup",
                "email_subject_template": "Come and get it: {{ order.number }}",
                "email_body_template": "Code {{ pickup_code }}",
                "email_body_html_template": "<p>Code {{ pickup_code }}</p>",
            },
        )
    assert response.status_code == 302

    message = ready_message(shop)
    outbox_send(message_id=message.pk)
    assert smtp_inbox.messages[-1]["Subject"] == f"Come and get it: {message.order.number}"
