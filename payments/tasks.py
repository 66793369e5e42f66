"""Celery tasks of payments: thin wrappers over payments.services, taking ids."""

import stripe
from celery import shared_task

from payments.services import order_refund_due, order_transfer, payments_expire_unpaid, webhook_event_process


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=8)
def webhook_event_process_task(self, event_pk: int) -> None:
    try:
        webhook_event_process(event_pk=event_pk)
    except stripe.StripeError as error:
        # Stripe unreachable while we ask it for the intent's state: try again, later each time.
        raise self.retry(countdown=min(600, 10 * 2**self.request.retries)) from error


@shared_task
def payments_expire_unpaid_task() -> int:
    return payments_expire_unpaid()


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=8)
def order_refund_due_task(self, order_id: int) -> None:
    try:
        order_refund_due(order_id=order_id)
    except stripe.StripeError as error:
        # Same order, same amount due, same idempotency key: a retry never refunds twice.
        raise self.retry(countdown=min(600, 10 * 2**self.request.retries)) from error


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=8)
def order_transfer_task(self, order_id: int) -> None:
    try:
        order_transfer(order_id=order_id)
    except stripe.StripeError as error:
        # The idempotency key is the order number: a retry never pays the shop twice.
        raise self.retry(countdown=min(600, 10 * 2**self.request.retries)) from error
