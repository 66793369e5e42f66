"""Celery tasks of payments: thin wrappers over its services (intents, refunds, payouts, webhooks,
expiry), taking ids."""

import datetime as dt
import logging

import stripe
from celery import Task, shared_task
from celery.utils.time import get_exponential_backoff_interval

from core.queueing import task_queue
from payments.capture import payment_capture
from payments.catch_up import payments_catch_up
from payments.exceptions import TransferFundsShort
from payments.expiry import payments_expire_unpaid
from payments.payouts import order_transfer, order_transfer_reverse
from payments.refunds import order_refund_due
from payments.webhooks import webhook_event_process, webhook_events_waiting

# When Stripe cannot be reached or fails on its side, try again later each time (a random wait of
# up to 10 s, 20 s, 40 s… capped at ten minutes, well under Redis' one-hour visibility timeout),
# eight times.
# Every call carries an idempotency key, so a retry never pays, refunds or reverses twice.
# A request Stripe refuses (bad parameters) would be refused again: it is not retried, except a
# transfer refused for lack of available funds (order_transfer_task).
STRIPE_RETRY = {
    "autoretry_for": (stripe.APIConnectionError, stripe.APIError, stripe.RateLimitError),
    "max_retries": 8,
    "retry_backoff": 10,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
}

logger = logging.getLogger(__name__)


@shared_task(**STRIPE_RETRY)
def webhook_event_process_task(event_pk: int) -> None:
    webhook_event_process(event_pk=event_pk)


@shared_task
def payments_expire_unpaid_task() -> int:
    return payments_expire_unpaid()


@shared_task(**STRIPE_RETRY)
def order_refund_due_task(order_id: int) -> None:
    order_refund_due(order_id=order_id)


@shared_task(bind=True, **STRIPE_RETRY)
def order_transfer_task(self: Task, order_id: int, funds_refusals: int = 0) -> None:
    try:
        order_transfer(order_id=order_id, funds_refusals=funds_refusals)
    except TransferFundsShort as error:
        # Stripe lacked available funds: they come, so try again after the same bounded backoff,
        # counted among the same eight retries; the next count gives the next idempotency key.
        countdown = get_exponential_backoff_interval(
            factor=STRIPE_RETRY["retry_backoff"],
            retries=self.request.retries,
            maximum=STRIPE_RETRY["retry_backoff_max"],
            full_jitter=STRIPE_RETRY["retry_jitter"],
        )
        raise self.retry(
            args=(order_id, funds_refusals + 1), kwargs={}, countdown=countdown, exc=error
        ) from error


@shared_task(**STRIPE_RETRY)
def payment_capture_task(payment_id: int) -> None:
    payment_capture(payment_id=payment_id)


@shared_task(**STRIPE_RETRY)
def order_transfer_reverse_task(order_id: int) -> None:
    order_transfer_reverse(order_id=order_id)


# --- Webhook events: handed to the broker, and swept when that failed.

WEBHOOK_SWEEP_AFTER = dt.timedelta(minutes=1)


def webhook_event_queue(*, event_pk: int) -> bool:
    """Hand a stored event to the broker; if it is down, leave it to the sweep (it is stored: the
    webhook still answers 200, so Stripe does not take a broker outage for a failed delivery)."""
    return task_queue(webhook_event_process_task, event_pk)


@shared_task
def webhook_events_sweep_task() -> int:
    """Process the events whose task was lost; how many were processed (one failing stays for later)."""
    done = 0
    for event_pk in webhook_events_waiting(older_than=WEBHOOK_SWEEP_AFTER):
        try:
            webhook_event_process(event_pk=event_pk)
        except stripe.StripeError as error:  # Stripe unreachable: the next sweep tries again
            logger.warning("Webhook event %s not processed yet: %s", event_pk, error)
            continue
        done += 1
    return done


@shared_task
def payments_catch_up_task() -> dict:
    """Refunds, transfers and reversals whose task was lost to a broker outage (payments/catch_up.py)."""
    return payments_catch_up()
