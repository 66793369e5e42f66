"""Notifications through a real Redis broker and real Celery worker processes: nothing lost, nothing twice.

Each test commits its data (the worker is another process) and waits for mail to reach a real
SMTP server. Workers killed mid-send come back through Redis: a killed pool process at once
(acks_late + reject_on_worker_lost), a killed whole worker once its message's visibility
timeout has passed (tests.worker.VISIBILITY_TIMEOUT, 4 s here; an hour in production, where
the minute sweep re-queues first).
"""

import datetime as dt
import os
import signal

import pytest
import time_machine
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from orders import services
from orders.models import Checkout, OutboxMessage
from orders.placement import Contact, FulfilmentChoice, checkout_place, shop_slots
from orders.tasks import outbox_sweep
from shops.factories import ProductFactory, ShopFactory
from shops.models import Partner
from tests.worker import VISIBILITY_TIMEOUT, sending_to, wait_for

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]
Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")

MAIL_TIMEOUT = 15  # seconds; a message normally arrives within a fraction of one


def mail_to(inbox, address: str) -> list:
    return [message for message in inbox.messages if message["To"] == address]


def open_all_day_shop(**fields) -> Partner:
    """A shop taking orders now, whatever the time the tests run at (the worker lives in real time)."""
    shop = ShopFactory(hours=False, preparation_minutes=0, **fields)
    for weekday in range(7):
        shop.opening_hours.create(weekday=weekday, opens=dt.time(0), closes=dt.time(0))
    return shop


def place_pickup_order(*, shop: Partner, email: str) -> Checkout:
    """A resident's checkout of one product of `shop`, collected at the first slot."""
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    basket.add_product(ProductFactory(shop=shop, title="Baguette tradition"), 2)
    slot = shop_slots(shop, now=timezone.now())[0]
    return checkout_place(
        basket=basket,
        choices={shop.pk: FulfilmentChoice(slot_start=slot.start)},
        contact=Contact(email=email, first_name="Camille", last_name="Martin"),
        user=None,
    )


def test_mark_ready_mails_the_pickup_code_through_the_worker(worker, smtp_inbox):
    checkout = place_pickup_order(
        shop=open_all_day_shop(name="Fournil du Marché"), email="camille@example.com"
    )
    wait_for(
        lambda: mail_to(smtp_inbox, "camille@example.com"), timeout=MAIL_TIMEOUT, what="order confirmation"
    )

    order = checkout.orders.get()
    services.order_accept(order=order)
    services.order_mark_ready(order=order)

    def ready_mail() -> list:
        return [m for m in mail_to(smtp_inbox, "camille@example.com") if "ready" in m["Subject"]]

    [ready] = wait_for(ready_mail, timeout=MAIL_TIMEOUT, what="'ready for pickup' mail")
    text = ready.get_body(preferencelist=("plain",)).get_content()
    assert f"{order.pickup_code[:3]}-{order.pickup_code[3:]}" in text
    assert "Fournil du Marché" in text
    sent = OutboxMessage.objects.filter(order=order, event="ORDER_READY", state=OutboxMessage.State.SENT)
    assert wait_for(sent.first, timeout=MAIL_TIMEOUT, what="ready message marked sent").attempts == 1


@pytest.mark.parametrize(
    "kill",
    [
        pytest.param("pool process", id="pool-process-killed"),
        pytest.param("whole worker", id="whole-worker-killed"),
    ],
)
def test_a_worker_killed_while_sending_still_delivers_exactly_once(
    kill, start_worker, worker_queue, stuck_smtp, smtp_inbox
):
    worker = start_worker(queue=worker_queue)
    checkout = place_pickup_order(shop=open_all_day_shop(email=""), email="camille@example.com")
    assert stuck_smtp.holding.wait(MAIL_TIMEOUT), "the worker never started sending"
    killed_at = timezone.now()
    if kill == "pool process":
        for pid in worker.pool_pids():
            os.kill(pid, signal.SIGKILL)  # the main process sees it lost and puts the message back
    else:
        worker.kill()
        start_worker(queue=worker_queue)  # Redis hands the unacknowledged message on after its timeout

    wait_for(
        lambda: mail_to(smtp_inbox, "camille@example.com"),
        timeout=VISIBILITY_TIMEOUT + MAIL_TIMEOUT,
        what="the confirmation, sent again",
    )
    sent = OutboxMessage.objects.filter(checkout=checkout, state=OutboxMessage.State.SENT)
    message = wait_for(sent.first, timeout=MAIL_TIMEOUT, what="confirmation marked sent")
    assert message.sent_at > killed_at
    assert message.attempts == 1  # the killed attempt never finished, so never counted
    # Redis' redelivery and a sweep both coming later change nothing.
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=3)):
        assert outbox_sweep() == 0
    assert len(mail_to(smtp_inbox, "camille@example.com")) == 1


def test_an_order_placed_while_redis_is_down_is_mailed_once_it_is_back(
    start_worker, worker_queue, spare_redis, smtp_inbox
):
    from marketplace.celery import app

    with sending_to(app, queue=worker_queue, broker_url=spare_redis.url):
        worker = start_worker(queue=worker_queue, redis_url=spare_redis.url)
        shop = open_all_day_shop(email="")

        spare_redis.stop()
        checkout = place_pickup_order(shop=shop, email="camille@example.com")  # no error page
        assert checkout.orders.count() == 1
        message = OutboxMessage.objects.get(checkout=checkout)
        assert message.state == OutboxMessage.State.PENDING

        spare_redis.start()
        assert outbox_sweep() == 0  # too fresh: it may still be on its way
        with time_machine.travel(timezone.now() + dt.timedelta(minutes=3)):
            # Two sweeps before the worker got to it queue the message twice: it is sent once.
            assert outbox_sweep() == 1
            assert outbox_sweep() == 1
        wait_for(
            lambda: mail_to(smtp_inbox, "camille@example.com"), timeout=MAIL_TIMEOUT * 2, what="the mail"
        )
        wait_for(
            lambda: worker.output().count("succeeded in") == 2, timeout=MAIL_TIMEOUT, what="both tasks done"
        )
    message.refresh_from_db()
    assert message.state == OutboxMessage.State.SENT
    assert len(mail_to(smtp_inbox, "camille@example.com")) == 1
