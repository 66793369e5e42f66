"""Celery tasks of orders, thin wrappers taking ids: sending an outbox message (and handing one to the
broker), the sweep, housekeeping and the merchants' digest."""

import datetime as dt
import random

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from core.queueing import task_queue
from orders.housekeeping import digest_run, housekeeping_run
from orders.models import OutboxMessage
from orders.sending import (
    RelayUnreachable,
    SendingError,
    outbox_record_failure,
    outbox_send,
    outbox_stale_claims,
)

MAX_ATTEMPTS = 6
MAX_BACKOFF_SECONDS = 600  # well under Redis' one-hour visibility timeout


def backoff_seconds(retries: int) -> float:
    """Exponential backoff with jitter: about 5 s, 10 s, 20 s… capped at ten minutes."""
    return min(MAX_BACKOFF_SECONDS, 5 * 2**retries) * random.uniform(0.5, 1.5)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=MAX_ATTEMPTS - 1)
def outbox_send_task(self, message_id: int) -> bool:
    try:
        return outbox_send(message_id=message_id, delivery=self.request.id or "")
    except RelayUnreachable:
        return False  # left pending: the sweep tries again every minute until the relay is back
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


# --- Handing messages to the broker (after the commit that wrote them; orders.receivers).


def outbox_queue(*, message_id: int) -> bool:
    """Hand one message to the broker; if it is down the row stays pending for the sweep: a broker
    outage never turns a placed order into an error page, and nothing is lost."""
    return task_queue(outbox_send_task, message_id)


def outbox_sweep(*, older_than: dt.timedelta = dt.timedelta(minutes=2)) -> int:
    """Re-queue messages still pending after a while (their first queueing was lost), and those whose
    worker died while sending them (sent again with the same Message-ID: the only way not to lose
    them); how many."""
    stale = OutboxMessage.objects.filter(
        Q(state=OutboxMessage.State.PENDING, created_at__lt=timezone.now() - older_than)
        | outbox_stale_claims()
    ).values_list("pk", flat=True)
    return sum(outbox_queue(message_id=message_id) for message_id in stale)
