"""Stripe's webhook events: stored first (idempotent on the event id), then processed by a task.

Stored is what counts: the webhook answers 200 once the event is in the database, whatever the
broker does. An event stored but not processed yet (broker down, worker killed) is queued again when
Stripe retries it, and processed by the sweep (payments.tasks.webhook_events_sweep_task) meanwhile.
"""

from __future__ import annotations

import datetime as dt

import stripe
from django.db import transaction
from django.utils import timezone

from payments.intents import intent_retrieve, payment_record_dispute, payment_record_refunded, payment_sync
from payments.models import WebhookEvent


def webhook_event_store(*, event: stripe.Event) -> WebhookEvent | None:
    """Keep the event once; the stored event while it still waits to be processed, None once it was
    (a replay of a processed event changes nothing)."""
    stored, _created = WebhookEvent.objects.get_or_create(
        event_id=event.id, defaults={"type": event.type, "payload": event.to_dict()}
    )
    return None if stored.processed_at else stored


def webhook_events_waiting(*, older_than: dt.timedelta) -> list[int]:
    """Stored events still unprocessed after a while: their task was lost (broker down, worker killed)."""
    since = timezone.now() - older_than
    waiting = WebhookEvent.objects.filter(processed_at__isnull=True, received_at__lt=since)
    return list(waiting.order_by("received_at").values_list("pk", flat=True))


def webhook_event_process(*, event_pk: int) -> None:
    """Apply one stored event at most once."""
    with transaction.atomic():
        stored = WebhookEvent.objects.select_for_update().get(pk=event_pk)
        if stored.processed_at:
            return
        obj = stored.payload["data"]["object"]
        if stored.type in (
            "payment_intent.succeeded",
            "payment_intent.payment_failed",
            "payment_intent.amount_capturable_updated",  # authorised, to be charged once weighed
        ):
            # The event is a snapshot that may be older than the intent: ask Stripe for now.
            payment_sync(intent=intent_retrieve(intent_id=obj["id"]))
        elif stored.type == "charge.refunded":
            payment_record_refunded(intent_id=obj["payment_intent"], amount_refunded=obj["amount_refunded"])
        elif stored.type == "charge.dispute.created":
            payment_record_dispute(intent_id=obj["payment_intent"])
        stored.processed_at = timezone.now()
        stored.save(update_fields=["processed_at"])
