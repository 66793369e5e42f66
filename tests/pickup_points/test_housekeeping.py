"""A pickup-point checkout as time passes: one reminder, one nudge, then every order cancelled together.

The point's own hours and `uncollected_cancel_days` apply, not the shops'; the DST weekend of
October 2026 (clocks back on Sunday 25) sits between the slot and the nudge.
"""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from orders import services
from orders.housekeeping import housekeeping_run
from orders.models import Checkout, OutboxMessage, SlotBooking, Status
from payments.models import Payment
from tests.payments.shopping import pay_in_browser
from tests.pickup_points.placing import PARIS, place_at_point
from tests.pickup_points.test_views import fill_basket, point_data

SATURDAY_FIVE_PM = dt.datetime(2026, 10, 24, 17, 0, tzinfo=PARIS)  # the day before the clocks go back


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    """Runs what waits for the commit (queueing, sending, refunds) as the test commits."""
    return django_capture_on_commit_callbacks


def paris(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


def run_at(moment: dt.datetime, capture) -> dict:
    with time_machine.travel(moment, tick=False), capture(execute=True):
        return housekeeping_run()


def to_resident(inbox) -> list:
    return [message for message in inbox.messages if message["To"] == "camille@example.com"]


def subjects(messages) -> list[str]:
    # A long subject with an accent is folded before its encoded word: its header starts with a space.
    return [message["Subject"].strip() for message in messages]


def text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def dropped_on_saturday(town, capture, *, drop_all: bool = True):
    with time_machine.travel(paris(2026, 10, 23, 9), tick=False), capture(execute=True):
        checkout = place_at_point(town, start=SATURDAY_FIVE_PM)
        for order in checkout.orders.order_by("pk"):
            services.order_accept(order=order)
        for order in list(checkout.orders.order_by("pk"))[0 if drop_all else 1 :]:
            services.order_mark_dropped(order=order)
    return checkout


def test_the_resident_is_reminded_once_per_checkout_with_the_points_address_and_hours(
    town, smtp_inbox, capture, settings
):
    settings.SMS_BACKEND = "orders.sms.ConsoleSmsBackend"
    with capture(execute=True):
        checkout = place_at_point(town)  # today, Tuesday, 17:00: an afternoon slot, reminded 2 h before

    assert run_at(paris(2026, 11, 24, 14, 55), capture)["pickup_reminders"] == 0
    assert run_at(paris(2026, 11, 24, 15, 0), capture)["pickup_reminders"] == 1
    assert run_at(paris(2026, 11, 24, 15, 5), capture)["pickup_reminders"] == 0

    reminders = [m for m in to_resident(smtp_inbox) if m["Subject"].strip().startswith("Reminder")]
    assert subjects(reminders) == ["Reminder: your pickup at Halle du marché at 17:00"]
    text = text_of(reminders[0])
    code = checkout.orders.first().pickup_code
    assert f"{code[:3]}-{code[3:]}" in text
    assert "Place du Marché" in text and "17:00–17:30" in text and "08:00–13:00, 15:00–19:30" in text
    assert "Fournil du Marché" in text and "Fromagerie Rieussec" in text
    # One text message too, for the checkout (the resident opted in).
    assert OutboxMessage.objects.filter(checkout=checkout, event="PICKUP_REMINDER").count() == 2


def test_across_the_dst_weekend_the_checkout_is_nudged_24_h_later_then_cancelled_whole_on_the_points_days(
    town, smtp_inbox, capture
):
    point = town["point"]
    point.uncollected_cancel_days = 2  # the point's choice; the shops keep their default 3
    point.save()
    checkout = dropped_on_saturday(town, capture)
    smtp_inbox.messages.clear()

    # Slot ended Saturday 17:30 (UTC+2); 24 hours later the clocks read 16:30 (UTC+1).
    assert run_at(paris(2026, 10, 25, 16, 29), capture)["uncollected_reminders"] == 0
    assert run_at(paris(2026, 10, 25, 16, 30), capture)["uncollected_reminders"] == 1
    assert run_at(paris(2026, 10, 25, 18), capture)["uncollected_reminders"] == 0
    nudges = to_resident(smtp_inbox)
    assert subjects(nudges) == ["Your order is still waiting for you at Halle du marché"]
    text = text_of(nudges[0])
    assert checkout.reference in text and "Place du Marché" in text
    assert "Today's hours: closed today" in text  # Sunday: the factory point opens Monday to Saturday
    smtp_inbox.messages.clear()

    # Two local days after the slot ended, at the same wall-clock time.
    assert run_at(paris(2026, 10, 26, 17, 29), capture)["cancelled_uncollected"] == 0
    assert run_at(paris(2026, 10, 26, 17, 30), capture)["cancelled_uncollected"] == 1

    orders = list(checkout.orders.order_by("pk"))
    assert {order.status for order in orders} == {Status.CANCELLED}
    assert all("2 days" in order.cancellation_reason for order in orders)
    assert town["bread"].stockrecords.get().num_allocated == 0
    assert town["comte"].stockrecords.get().num_allocated == 0
    assert SlotBooking.objects.get(shop=point).booked == 0
    resident = [text_of(m) for m in to_resident(smtp_inbox)]
    assert len(resident) == 2 and all("Not collected within 2 days" in body for body in resident)
    assert not any("other shops' orders are not affected" in body for body in resident)
    for shop_email in ("fournil@example.com", "fromager@example.com"):
        told = [m for m in smtp_inbox.messages if m["To"] == shop_email]
        assert len(told) == 1 and "is cancelled" in told[0]["Subject"]


def test_no_nudge_while_a_shop_has_not_dropped_but_its_order_is_cancelled_with_the_rest(
    town, smtp_inbox, capture
):
    checkout = dropped_on_saturday(town, capture, drop_all=False)
    smtp_inbox.messages.clear()

    assert run_at(paris(2026, 10, 25, 16, 30), capture)["uncollected_reminders"] == 0
    assert run_at(paris(2026, 10, 27, 17, 30), capture)["cancelled_uncollected"] == 1

    assert set(checkout.orders.values_list("status", flat=True)) == {Status.CANCELLED}
    assert town["bread"].stockrecords.get().num_allocated == 0  # the baker never dropped it
    told = subjects(to_resident(smtp_inbox))
    assert not [subject for subject in told if "still waiting" in subject or "ready" in subject]
    assert len(told) == 2  # the two cancellations


def test_a_checkout_collected_in_time_is_left_alone(town, smtp_inbox, capture):
    checkout = dropped_on_saturday(town, capture)
    with time_machine.travel(paris(2026, 10, 24, 17, 10), tick=False):
        services.checkout_collect_at_point(
            checkout=checkout,
            point=town["point"],
            typed_code=checkout.orders.first().pickup_code,
            checker_key="desk",
        )

    done = run_at(paris(2026, 10, 30, 12), capture)
    assert done["uncollected_reminders"] == done["cancelled_uncollected"] == 0
    assert set(checkout.orders.values_list("status", flat=True)) == {Status.COLLECTED}


@pytest.mark.french
def test_the_reminder_speaks_french_first(town, smtp_inbox, capture):
    with capture(execute=True):
        place_at_point(town)
    run_at(paris(2026, 11, 24, 15, 0), capture)

    (reminder,) = [m for m in to_resident(smtp_inbox) if m["Subject"].strip().startswith("Rappel")]
    assert reminder["Subject"].strip() == "Rappel : votre retrait à Halle du marché à 17:00"
    assert "Chaque boutique y dépose sa part :" in text_of(reminder)


def test_a_checkout_paid_by_card_is_refunded_in_full_when_cancelled_uncollected(
    client, town, stripe_stub, capture
):
    fill_basket(client, town["bread"], town["comte"])
    client.post(reverse("checkout:index"), point_data(town))
    checkout = Checkout.objects.get()
    client.get(reverse("payments:pay", kwargs={"token": checkout.tracking_token}))
    pay_in_browser(stripe_stub, Payment.objects.get().intent_id, "pm_card_visa")
    client.get(reverse("payments:return", kwargs={"token": checkout.tracking_token}))
    with capture(execute=True):
        for order in checkout.orders.order_by("pk"):
            services.order_accept(order=order)
            services.order_mark_dropped(order=order)

    # Today, Tuesday, 17:00–17:30; the factory point keeps a checkout 3 days.
    assert run_at(paris(2026, 11, 27, 17, 30), capture)["cancelled_uncollected"] == 1

    orders = list(checkout.orders.all())
    assert {order.status for order in orders} == {Status.CANCELLED}
    assert sorted(refund["amount"] for refund in stripe_stub.refunds.values()) == sorted(
        int(order.total_incl_tax * 100) for order in orders
    )
