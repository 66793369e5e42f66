"""Order notifications through a real SMTP server: right message, right code, once, retried."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils.html import strip_tags
from oscar.core.loading import get_class, get_model

from core.roles import ensure_town_hall_group
from orders import services
from orders.models import OutboxMessage
from orders.outbox import outbox_resend
from orders.placement import Contact, FulfilmentChoice, checkout_place
from orders.tasks import outbox_send_task, outbox_sweep
from shops.factories import ProductFactory, ShopFactory, UserFactory, make_merchant

Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")
PARIS = ZoneInfo("Europe/Paris")
FOUR_PM = dt.datetime(2026, 11, 24, 16, 0, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _tuesday_morning():
    with time_machine.travel(dt.datetime(2026, 11, 24, 9, 0, tzinfo=PARIS), tick=False):
        yield


@pytest.fixture
def placed(db, django_capture_on_commit_callbacks):
    baker = ShopFactory(name="Fournil du Marché", email="fournil@example.com")
    cheese = ShopFactory(name="Fromagerie Rieussec", email="")
    make_merchant(cheese, email="fromager@example.com")
    bread = ProductFactory(shop=baker, title="Baguette tradition")
    comte = ProductFactory(shop=cheese, title="Comté 18 mois")
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    basket.add_product(bread, 2)
    basket.add_product(comte, 1)

    def place():
        with django_capture_on_commit_callbacks(execute=True):
            return checkout_place(
                basket=basket,
                choices={
                    baker.pk: FulfilmentChoice(slot_start=FOUR_PM),
                    cheese.pk: FulfilmentChoice(slot_start=FOUR_PM),
                },
                contact=Contact(email="camille@example.com", first_name="Camille", last_name="Martin"),
                user=None,
            )

    return place


def by_recipient(inbox, address):
    return [message for message in inbox.messages if message["To"] == address]


def test_placing_tells_the_resident_once_and_each_merchant(smtp_inbox, placed):
    checkout = placed()
    resident = by_recipient(smtp_inbox, "camille@example.com")
    assert len(resident) == 1
    body = resident[0].get_body(preferencelist=("plain",)).get_content()
    assert checkout.reference in resident[0]["Subject"]
    assert "Fournil du Marché" in body and "Fromagerie Rieussec" in body
    assert checkout.tracking_token in body
    assert len(by_recipient(smtp_inbox, "fournil@example.com")) == 1
    assert len(by_recipient(smtp_inbox, "fromager@example.com")) == 1  # no shop address: its merchant


def test_mark_ready_sends_the_code_the_merchant_will_check(
    smtp_inbox, placed, django_capture_on_commit_callbacks
):
    order = placed().orders.get(shop__name="Fournil du Marché")
    with django_capture_on_commit_callbacks(execute=True):
        services.order_accept(order=order)
        services.order_mark_ready(order=order)

    ready = [m for m in by_recipient(smtp_inbox, "camille@example.com") if "ready" in m["Subject"]]
    assert len(ready) == 1
    text = ready[0].get_body(preferencelist=("plain",)).get_content()
    code = f"{order.pickup_code[:3]}-{order.pickup_code[3:]}"
    assert code in text and "1 rue de la Paix" in text and "08:00–13:00" in text
    html = ready[0].get_body(preferencelist=("html",)).get_content()
    assert code in html and "cid:pickup-qr" in html
    images = [part for part in ready[0].walk() if part.get_content_type() == "image/png"]
    assert len(images) == 1 and images[0]["Content-ID"] == "<pickup-qr>"


def test_out_for_delivery_sends_the_code_the_delivery_person_will_check(
    smtp_inbox, placed, django_capture_on_commit_callbacks
):
    order = placed().orders.get(shop__name="Fournil du Marché")
    OrderModel = get_model("order", "Order")
    OrderModel.objects.filter(pk=order.pk).update(fulfilment="delivery")
    order.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.order_accept(order=order)
        services.order_send_out(order=order)

    [sent] = [m for m in by_recipient(smtp_inbox, "camille@example.com") if "on its way" in m["Subject"]]
    code = f"{order.pickup_code[:3]}-{order.pickup_code[3:]}"
    text = sent.get_body(preferencelist=("plain",)).get_content()
    assert f"give to the person who delivers your order: {code}" in text
    html = sent.get_body(preferencelist=("html",)).get_content()
    assert code in html and "cid:pickup-qr" in html
    images = [part for part in sent.walk() if part.get_content_type() == "image/png"]
    assert len(images) == 1 and images[0]["Content-ID"] == "<pickup-qr>"


def ready_email_sent_on_sunday(smtp_inbox, placed, django_capture_on_commit_callbacks):
    """The bakery's "ready" email for a Tuesday slot, sent on the Sunday before (the shop is shut)."""
    with time_machine.travel(dt.datetime(2026, 11, 22, 18, 0, tzinfo=PARIS), tick=False):
        order = placed().orders.get(shop__name="Fournil du Marché")
        with django_capture_on_commit_callbacks(execute=True):
            services.order_accept(order=order)
            services.order_mark_ready(order=order)
    return by_recipient(smtp_inbox, "camille@example.com")[-1]


@pytest.mark.parametrize("part", ["plain", "html"])
def test_the_ready_email_gives_the_hours_of_the_pickup_day_not_of_the_sending_day(
    smtp_inbox, placed, django_capture_on_commit_callbacks, part
):
    email = ready_email_sent_on_sunday(smtp_inbox, placed, django_capture_on_commit_callbacks)
    body = strip_tags(email.get_body(preferencelist=(part,)).get_content())
    assert "Hours on Tuesday 24 November: 08:00–13:00, 15:00–19:30" in body
    assert "closed" not in body


def test_an_order_ready_after_its_slot_day_gives_todays_hours_not_a_past_days(
    smtp_inbox, placed, django_capture_on_commit_callbacks
):
    with time_machine.travel(dt.datetime(2026, 11, 22, 18, 0, tzinfo=PARIS), tick=False):
        order = placed().orders.get(shop__name="Fournil du Marché")  # a Tuesday 24 slot
    with time_machine.travel(dt.datetime(2026, 11, 25, 9, 0, tzinfo=PARIS), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            services.order_accept(order=order)
            services.order_mark_ready(order=order)
    email = by_recipient(smtp_inbox, "camille@example.com")[-1]
    body = email.get_body(preferencelist=("plain",)).get_content()
    assert "Hours on Wednesday 25 November" in body and "Tuesday 24 November:" not in body


@pytest.mark.french
def test_the_ready_email_names_the_pickup_day_of_its_hours_in_french(
    smtp_inbox, placed, django_capture_on_commit_callbacks
):
    email = ready_email_sent_on_sunday(smtp_inbox, placed, django_capture_on_commit_callbacks)
    body = email.get_body(preferencelist=("plain",)).get_content()
    assert "Horaires du mardi 24 novembre : 08:00–13:00, 15:00–19:30" in body


def test_a_redelivered_task_never_sends_twice(smtp_inbox, placed):
    placed()
    message = OutboxMessage.objects.get(recipient="camille@example.com")
    assert outbox_send_task.apply(args=[message.pk]).get() is False  # already sent
    assert len(by_recipient(smtp_inbox, "camille@example.com")) == 1


def test_smtp_refusing_for_a_while_is_retried_then_delivered(smtp_inbox, placed):
    smtp_inbox.refuse_next = 2
    placed()
    message = OutboxMessage.objects.get(recipient="camille@example.com")
    assert message.state == OutboxMessage.State.SENT and message.attempts == 3
    assert len(by_recipient(smtp_inbox, "camille@example.com")) == 1


def test_smtp_refusing_for_good_marks_failed_then_resend_delivers(
    smtp_inbox, placed, django_capture_on_commit_callbacks
):
    smtp_inbox.refuse_next = 1000
    placed()
    failed = OutboxMessage.objects.get(recipient="camille@example.com")
    assert failed.state == OutboxMessage.State.FAILED and failed.attempts == 6 and "451" in failed.last_error
    assert by_recipient(smtp_inbox, "camille@example.com") == []

    smtp_inbox.refuse_next = 0
    with django_capture_on_commit_callbacks(execute=True):
        outbox_resend(message=failed)
    failed.refresh_from_db()
    assert failed.state == OutboxMessage.State.SENT
    assert len(by_recipient(smtp_inbox, "camille@example.com")) == 1


def test_the_sweep_sends_what_was_left_pending(smtp_inbox, db):
    shop = ShopFactory()
    product = ProductFactory(shop=shop)
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    basket.add_product(product, 1)
    # Placed without running the after-commit queueing: as if the broker had been down.
    checkout = checkout_place(
        basket=basket,
        choices={shop.pk: FulfilmentChoice(slot_start=FOUR_PM)},
        contact=Contact(email="lost@example.com"),
        user=None,
    )
    assert OutboxMessage.objects.get(checkout=checkout).state == OutboxMessage.State.PENDING
    assert outbox_sweep() == 0  # too fresh: its own queueing may still come
    with time_machine.travel(dt.datetime(2026, 11, 24, 9, 5, tzinfo=PARIS), tick=False):
        assert outbox_sweep() >= 1
    assert len(by_recipient(smtp_inbox, "lost@example.com")) == 1
    assert OutboxMessage.objects.get(checkout=checkout).state == OutboxMessage.State.SENT


@pytest.fixture
def failed_message(smtp_inbox, placed):
    smtp_inbox.refuse_next = 1000
    placed()
    smtp_inbox.refuse_next = 0
    return OutboxMessage.objects.get(recipient="fournil@example.com")


def test_the_merchant_sees_a_failed_message_on_the_order_and_sends_it_again(
    client, smtp_inbox, failed_message, django_capture_on_commit_callbacks
):
    order = failed_message.order
    merchant = make_merchant(order.shop, email="boulanger@example.com")
    client.force_login(merchant)
    page = client.get(reverse("dashboard:order-handle", args=[order.number])).content.decode()
    assert "Failed" in page and "Send again" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("dashboard:order-action", args=[order.number, "resend"]), {"message": failed_message.pk}
        )

    failed_message.refresh_from_db()
    assert failed_message.state == OutboxMessage.State.SENT
    assert len(by_recipient(smtp_inbox, "fournil@example.com")) == 1
    assert (
        client.post(
            reverse("dashboard:order-action", args=[order.number, "resend"]), {"message": "x"}
        ).status_code
        == 404
    )


def test_the_town_hall_lists_failed_messages_and_merchants_cannot(
    client, smtp_inbox, failed_message, django_capture_on_commit_callbacks
):
    mairie = UserFactory(email="mairie@example.com", is_staff=True)
    mairie.groups.add(ensure_town_hall_group())
    client.force_login(mairie)
    assert "fournil@example.com" in client.get(reverse("dashboard:outbox-failed")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("dashboard:outbox-resend", args=[failed_message.pk]))
    failed_message.refresh_from_db()
    assert failed_message.state == OutboxMessage.State.SENT

    client.force_login(make_merchant(failed_message.order.shop, email="m@example.com"))
    assert client.get(reverse("dashboard:outbox-failed")).status_code == 403


@pytest.mark.french
def test_messages_speak_french_first(smtp_inbox, placed):
    placed()
    subject = by_recipient(smtp_inbox, "camille@example.com")[0]["Subject"]
    assert "commande" in subject.lower() and "order" not in subject.lower()
