"""Stripe's webhook: signed deliveries checked by the real SDK, stored once, applied in any order."""

import datetime as dt
import json
import time

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from orders.models import Checkout, OutboxMessage, Status
from payments.intents import payment_sync
from payments.models import Payment, WebhookEvent
from tests.payments.shopping import checkout_data, fill_basket, pay_in_browser


@pytest.fixture
def paid_in_browser(client, town, stripe_stub) -> Payment:
    """A card checkout the resident paid, but whose tab closed before coming back to us."""
    fill_basket(client, town)
    client.post(reverse("checkout:index"), checkout_data(town))
    client.get(reverse("payments:pay", kwargs={"token": Checkout.objects.get().tracking_token}))
    payment = Payment.objects.get()
    pay_in_browser(stripe_stub, payment.intent_id, "pm_card_visa")
    return payment


@pytest.fixture
def deliver(client, stripe_stub, django_capture_on_commit_callbacks):
    """Post an event as Stripe does; the processing task queued after commit runs in-process."""

    def post(event: dict, **signing) -> int:
        payload = json.dumps(event)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("payments:webhook"),
                payload,
                content_type="application/json",
                headers={"Stripe-Signature": stripe_stub.sign(payload, **signing)},
            )
        return response.status_code

    return post


def statuses(payment: Payment) -> set[str]:
    return set(payment.checkout.orders.values_list("status", flat=True))


def test_payment_succeeded_places_the_orders(deliver, stripe_stub, paid_in_browser):
    intent = stripe_stub.intents[paid_in_browser.intent_id]

    assert deliver(stripe_stub.event("payment_intent.succeeded", intent)) == 200

    assert statuses(paid_in_browser) == {Status.PLACED}
    assert WebhookEvent.objects.get().processed_at is not None


def test_a_bad_signature_is_refused_and_nothing_changes(deliver, stripe_stub, paid_in_browser):
    event = stripe_stub.event("payment_intent.succeeded", stripe_stub.intents[paid_in_browser.intent_id])

    assert deliver(event, secret="whsec_someone_else") == 400

    assert not WebhookEvent.objects.exists()
    assert statuses(paid_in_browser) == {Status.PENDING_PAYMENT}


def test_a_stale_delivery_is_refused(deliver, stripe_stub, paid_in_browser):
    event = stripe_stub.event("payment_intent.succeeded", stripe_stub.intents[paid_in_browser.intent_id])

    assert deliver(event, timestamp=int(time.time()) - 301) == 400

    assert statuses(paid_in_browser) == {Status.PENDING_PAYMENT}


def test_an_event_replayed_five_times_changes_the_state_once(deliver, stripe_stub, paid_in_browser):
    event = stripe_stub.event("payment_intent.succeeded", stripe_stub.intents[paid_in_browser.intent_id])

    assert [deliver(event) for _ in range(5)] == [200] * 5

    assert WebhookEvent.objects.count() == 1
    for order in paid_in_browser.checkout.orders.all():
        assert list(order.status_changes.values_list("new_status", flat=True)) == [Status.PLACED]
    assert OutboxMessage.objects.filter(event="CHECKOUT_PLACED").count() == 1
    # Stripe was asked once for the intent's state, not five times.
    assert len(stripe_stub.calls("GET", f"/v1/payment_intents/{paid_in_browser.intent_id}")) == 1


def test_a_refund_reported_before_the_payment_converges(deliver, stripe_stub, paid_in_browser):
    intent = stripe_stub.intents[paid_in_browser.intent_id]
    charge = dict(stripe_stub.charges[intent["latest_charge"]], amount_refunded=130, refunded=False)
    succeeded = stripe_stub.event("payment_intent.succeeded", intent)

    assert deliver(stripe_stub.event("charge.refunded", charge)) == 200
    assert deliver(succeeded) == 200

    paid_in_browser.refresh_from_db()
    assert paid_in_browser.state == Payment.State.SUCCEEDED
    assert str(paid_in_browser.amount_refunded) == "1.30"
    assert statuses(paid_in_browser) == {Status.PLACED}


def test_an_old_failure_arriving_after_the_success_changes_nothing(deliver, stripe_stub, paid_in_browser):
    intent = stripe_stub.intents[paid_in_browser.intent_id]
    failed = stripe_stub.event(
        "payment_intent.payment_failed",
        dict(
            intent,
            status="requires_payment_method",
            last_payment_error={"message": "Your card was declined."},
        ),
    )

    deliver(stripe_stub.event("payment_intent.succeeded", intent))
    deliver(failed)

    paid_in_browser.refresh_from_db()
    assert paid_in_browser.state == Payment.State.SUCCEEDED and paid_in_browser.last_error == ""
    assert statuses(paid_in_browser) == {Status.PLACED}
    # The webhook re-reads the intent from Stripe; the guard must hold even when handed the stale report.
    payment_sync(intent=failed["data"]["object"])
    paid_in_browser.refresh_from_db()
    assert paid_in_browser.state == Payment.State.SUCCEEDED and paid_in_browser.last_error == ""


def test_a_failed_payment_is_shown_to_the_resident(client, town, stripe_stub, deliver):
    fill_basket(client, town)
    client.post(reverse("checkout:index"), checkout_data(town))
    checkout = Checkout.objects.get()
    client.get(reverse("payments:pay", kwargs={"token": checkout.tracking_token}))
    payment = Payment.objects.get()
    pay_in_browser(stripe_stub, payment.intent_id, "pm_card_chargeDeclined")

    deliver(
        stripe_stub.event("payment_intent.payment_failed", stripe_stub.intents[payment.intent_id]),
    )

    page = client.get(reverse("payments:pay", kwargs={"token": checkout.tracking_token})).content.decode()
    assert "Your card was declined." in page
    assert statuses(payment) == {Status.PENDING_PAYMENT}


def test_a_dispute_is_flagged_on_the_shops_orders(deliver, stripe_stub, paid_in_browser):
    intent = stripe_stub.intents[paid_in_browser.intent_id]
    dispute = {
        "id": "dp_1",
        "object": "dispute",
        "payment_intent": intent["id"],
        "charge": intent["latest_charge"],
    }

    deliver(stripe_stub.event("charge.dispute.created", dispute))

    paid_in_browser.refresh_from_db()
    assert paid_in_browser.disputed
    for order in paid_in_browser.checkout.orders.all():
        assert "disputed" in order.notes.get().message


@pytest.fixture
def broker_down():
    """Tasks go to a broker that does not answer (no Redis on that port), as during an outage."""
    from marketplace.celery import app
    from tests.conftest import free_port
    from tests.worker import forget_broker_connections

    previous = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager, app.conf.broker_url = False, f"redis://127.0.0.1:{free_port()}/0"
    forget_broker_connections(app)
    try:
        yield
    finally:
        app.conf.task_always_eager, app.conf.broker_url = previous
        forget_broker_connections(app)


def test_a_payment_stored_while_the_broker_is_down_shows_on_stripes_retry(
    deliver, stripe_stub, paid_in_browser, broker_down
):
    event = stripe_stub.event("payment_intent.succeeded", stripe_stub.intents[paid_in_browser.intent_id])

    assert deliver(event) == 200  # stored: Stripe must not take the outage for a failed delivery
    assert deliver(event) == 200  # Stripe's retry while the broker is still down

    assert WebhookEvent.objects.filter(processed_at__isnull=True).count() == 1
    assert statuses(paid_in_browser) == {Status.PENDING_PAYMENT}
    from marketplace.celery import app
    from tests.worker import forget_broker_connections

    app.conf.task_always_eager = True  # the broker is back: tasks run again
    forget_broker_connections(app)
    assert deliver(event) == 200  # Stripe's next retry is processed, not taken for a replay

    assert statuses(paid_in_browser) == {Status.PLACED}
    assert WebhookEvent.objects.get().processed_at is not None


def test_the_sweep_processes_events_stored_while_the_broker_was_down(
    deliver, stripe_stub, paid_in_browser, broker_down, django_capture_on_commit_callbacks
):
    from payments.tasks import webhook_events_sweep_task

    event = stripe_stub.event("payment_intent.succeeded", stripe_stub.intents[paid_in_browser.intent_id])
    assert deliver(event) == 200
    assert webhook_events_sweep_task() == 0  # too fresh: its task may still be on its way
    from marketplace.celery import app
    from tests.worker import forget_broker_connections

    app.conf.task_always_eager = True  # the broker is back, but the event's task was lost
    forget_broker_connections(app)

    with time_machine.travel(timezone.now() + dt.timedelta(minutes=2)):
        with django_capture_on_commit_callbacks(execute=True):
            assert webhook_events_sweep_task() == 1

    assert statuses(paid_in_browser) == {Status.PLACED}
    assert webhook_events_sweep_task() == 0  # once processed, never again
