"""The merchant's 7:00 digest of the day's pickups: sent once per shop and day, through a real SMTP server."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery.beat import ScheduleEntry
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_class, get_model

from core.roles import ensure_town_hall_group
from marketplace.celery import app
from orders.models import OutboxMessage
from orders.placement import Contact, FulfilmentChoice, checkout_place
from orders.services import order_cancel
from orders.tasks import digest_task
from payments.models import Payment
from shops.factories import ProductFactory, ShopFactory, UserFactory, make_merchant
from tests.pickup_points import placing as pickup_point_placing
from tests.pickup_points.conftest import town  # noqa: F401 (two shops dropping at the market hall)

Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")
PARIS = ZoneInfo("Europe/Paris")


def paris(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


def place(shop, *, slot_start: dt.datetime, first_name: str, quantity: int = 1, price: str = "4.50"):
    with time_machine.travel(slot_start - dt.timedelta(days=1), tick=False):
        basket = Basket.objects.create()
        basket.strategy = Selector().strategy()
        basket.add_product(ProductFactory(shop=shop, price=Decimal(price)), quantity)
        checkout = checkout_place(
            basket=basket,
            choices={shop.pk: FulfilmentChoice(slot_start=slot_start)},
            contact=Contact(email=f"{first_name}@example.com", first_name=first_name, last_name="Martin"),
            user=None,
        )
    return checkout.orders.get()


def run_digest_at(moment: dt.datetime, django_capture_on_commit_callbacks) -> int:
    with time_machine.travel(moment, tick=False), django_capture_on_commit_callbacks(execute=True):
        return digest_task.apply().get()


def digests(inbox) -> list:
    return [message for message in inbox.messages if "Your day" in message["Subject"]]


def test_each_shop_with_pickups_today_gets_one_digest_listing_them(
    smtp_inbox, db, django_capture_on_commit_callbacks
):
    baker = ShopFactory(name="Fournil du Marché", email="")
    make_merchant(baker, email="boulanger@example.com")
    quiet = ShopFactory(name="Fromagerie Rieussec", email="fromager@example.com")
    morning = place(baker, slot_start=paris(2026, 11, 24, 10), first_name="Camille", quantity=3)
    afternoon = place(baker, slot_start=paris(2026, 11, 24, 16), first_name="Lucas", price="12.00")
    Payment.objects.create(
        checkout=afternoon.checkout,
        amount=Decimal("12.00"),
        state=Payment.State.SUCCEEDED,
        paid_at=timezone.now(),
    )
    tomorrow = place(baker, slot_start=paris(2026, 11, 25, 10), first_name="Inès")
    cancelled = place(baker, slot_start=paris(2026, 11, 24, 11), first_name="Hugo")
    order_cancel(order=cancelled, reason="Out of flour", actor=None)
    place(quiet, slot_start=paris(2026, 11, 25, 10), first_name="Léa")  # nothing today for the cheese shop
    florist = ShopFactory(name="Fleurs de Lys", email="fleurs@example.com")
    roses = place(florist, slot_start=paris(2026, 11, 24, 10), first_name="Jeanne")

    assert run_digest_at(paris(2026, 11, 24, 7), django_capture_on_commit_callbacks) == 2

    [digest, other] = sorted(digests(smtp_inbox), key=lambda message: message["To"])
    assert digest["To"] == "boulanger@example.com" and other["To"] == "fleurs@example.com"
    assert roses.number in other.get_body(preferencelist=("plain",)).get_content()
    assert "Tuesday 24 November" in digest["Subject"] and "2 orders" in digest["Subject"]
    text = digest.get_body(preferencelist=("plain",)).get_content()
    lines = [line for line in text.splitlines() if morning.number in line or afternoon.number in line]
    assert lines == [
        f"10:00–10:30 · Pickup · {morning.number} · Camille Martin · 3 items · €13.50 · To pay at pickup",
        f"16:00–16:30 · Pickup · {afternoon.number} · Lucas Martin · 1 item · €12.00 · Paid online",
    ]
    assert tomorrow.number not in text and cancelled.number not in text and roses.number not in text
    html = digest.get_body(preferencelist=("html",)).get_content()
    assert morning.number in html and "Paid online" in html and reverse("dashboard:order-board") in html

    # A second run the same morning (beat restarted, task redelivered) sends nothing twice.
    assert run_digest_at(paris(2026, 11, 24, 7, 5), django_capture_on_commit_callbacks) == 0
    assert len(digests(smtp_inbox)) == 2
    assert OutboxMessage.objects.get(shop=baker).state == OutboxMessage.State.SENT


def test_the_digest_on_the_sunday_clocks_go_back_lists_that_sunday(
    smtp_inbox, db, django_capture_on_commit_callbacks
):
    shop = ShopFactory(name="Fournil du Marché", email="fournil@example.com")
    shop.opening_hours.create(weekday=6, opens=dt.time(8), closes=dt.time(13))
    sunday = place(shop, slot_start=paris(2026, 10, 25, 8), first_name="Camille")
    monday = place(shop, slot_start=paris(2026, 10, 26, 8), first_name="Lucas")

    # 7:00 on Sunday 25 October 2026 is 6:00 UTC; the day before, 7:00 was 5:00 UTC.
    assert run_digest_at(paris(2026, 10, 25, 7), django_capture_on_commit_callbacks) == 1
    text = digests(smtp_inbox)[0].get_body(preferencelist=("plain",)).get_content()
    assert f"08:00–08:30 · Pickup · {sunday.number}" in text and monday.number not in text


@pytest.mark.parametrize(
    ("last_run", "now", "due"),
    [
        pytest.param(paris(2026, 10, 24, 7), paris(2026, 10, 25, 6, 59), False, id="sunday-6:59-clocks-back"),
        pytest.param(paris(2026, 10, 24, 7), paris(2026, 10, 25, 7), True, id="sunday-7:00-clocks-back"),
        pytest.param(paris(2026, 3, 28, 7), paris(2026, 3, 29, 6, 59), False, id="sunday-6:59-clocks-fwd"),
        pytest.param(paris(2026, 3, 28, 7), paris(2026, 3, 29, 7), True, id="sunday-7:00-clocks-fwd"),
    ],
)
def test_beat_runs_the_digest_at_seven_paris_time_across_dst(last_run, now, due):
    entry = app.conf.beat_schedule["orders-merchant-digest"]
    scheduled = ScheduleEntry(
        name="digest", task=entry["task"], schedule=entry["schedule"], app=app, last_run_at=last_run
    )
    with time_machine.travel(now, tick=False):
        assert scheduled.is_due().is_due is due


def test_a_digest_the_mail_server_refused_is_listed_with_its_shop_and_sent_again(
    client, smtp_inbox, db, django_capture_on_commit_callbacks
):
    shop = ShopFactory(name="Fournil du Marché", email="fournil@example.com")
    place(shop, slot_start=paris(2026, 11, 24, 10), first_name="Camille")
    smtp_inbox.refuse_next = 1000
    run_digest_at(paris(2026, 11, 24, 7), django_capture_on_commit_callbacks)
    failed = OutboxMessage.objects.get(shop=shop)
    assert failed.state == OutboxMessage.State.FAILED
    smtp_inbox.refuse_next = 0

    mairie = UserFactory(email="mairie@example.com", is_staff=True)
    mairie.groups.add(ensure_town_hall_group())
    client.force_login(mairie)
    page = client.get(reverse("dashboard:outbox-failed")).content.decode()
    assert "Fournil du Marché" in page and "MERCHANT_DAILY_DIGEST" in page
    with django_capture_on_commit_callbacks(execute=True):  # days later, it still lists its own day
        client.post(reverse("dashboard:outbox-resend", args=[failed.pk]))
    [digest] = digests(smtp_inbox)
    assert digest["To"] == "fournil@example.com" and "Tuesday 24 November" in digest["Subject"]


@pytest.mark.french
def test_the_digest_speaks_french_first(smtp_inbox, db, django_capture_on_commit_callbacks):
    shop = ShopFactory(name="Fournil du Marché", email="fournil@example.com")
    place(shop, slot_start=paris(2026, 11, 24, 10), first_name="Camille")
    run_digest_at(paris(2026, 11, 24, 7), django_capture_on_commit_callbacks)
    [digest] = smtp_inbox.messages
    assert digest["Subject"] == "Votre journée, mardi 24 novembre : 1 commande"
    assert "À payer au retrait" in digest.get_body(preferencelist=("plain",)).get_content()


def test_a_pickup_point_order_says_where_and_by_when_to_drop_it(
    town,  # noqa: F811 (the fixture imported above)
    smtp_inbox,
    db,
    django_capture_on_commit_callbacks,  # noqa: F811 (the fixture imported above)
):
    with time_machine.travel(pickup_point_placing.NOW, tick=False):
        order = pickup_point_placing.place_at_point(town).orders.get(shop=town["baker"])

    run_digest_at(paris(2026, 11, 24, 7), django_capture_on_commit_callbacks)

    [digest] = [message for message in digests(smtp_inbox) if message["To"] == "fournil@example.com"]
    text = digest.get_body(preferencelist=("plain",)).get_content()
    [line] = [line for line in text.splitlines() if order.number in line]
    # The resident's slot at the hall is 17:00; the shop drops its order an hour before.
    assert line.startswith(f"17:00–17:30 · Drop at Halle du marché by 16:00 · {order.number}")
    assert "Drop at Halle du marché by 16:00" in digest.get_body(preferencelist=("html",)).get_content()
