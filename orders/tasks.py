"""Celery tasks of orders: thin wrappers over orders.notifications, taking ids."""

import random

from celery import shared_task

from orders.housekeeping import digest_run, housekeeping_run
from orders.notifications import SendingError, outbox_record_failure, outbox_send, outbox_sweep

MAX_ATTEMPTS = 6
MAX_BACKOFF_SECONDS = 600  # well under Redis' one-hour visibility timeout


def backoff_seconds(retries: int) -> float:
    """Exponential backoff with jitter: about 5 s, 10 s, 20 s… capped at ten minutes."""
    return min(MAX_BACKOFF_SECONDS, 5 * 2**retries) * random.uniform(0.5, 1.5)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_ATTEMPTS - 1)
def outbox_send_task(self, message_id: int) -> bool:
    try:
        return outbox_send(message_id=message_id)
    except SendingError as error:
        final = self.request.retries >= self.max_retries
        outbox_record_failure(message_id=message_id, error=str(error), final=final)
        if final:
            return False
        raise self.retry(countdown=backoff_seconds(self.request.retries)) from error


@shared_task
def outbox_sweep_task() -> int:
    return outbox_sweep()


@shared_task
def housekeeping_task() -> dict:
    return dict(housekeeping_run())


@shared_task
def digest_task() -> int:
    return digest_run()
