"""Stripe's webhook events: stored first (idempotent on the event id), then processed by a task."""

from __future__ import annotations

import stripe
from django.db import transaction
from django.utils import timezone

from payments.intents import intent_retrieve, payment_record_dispute, payment_record_refunded, payment_sync
from payments.models import WebhookEvent


def webhook_event_store(*, event: stripe.Event) -> WebhookEvent | None:
    """Keep the event once; None when it was already delivered (a replay)."""
    stored, created = WebhookEvent.objects.get_or_create(
        event_id=event.id, defaults={"type": event.type, "payload": event.to_dict()}
    )
    return stored if created else None


def webhook_event_process(*, event_pk: int) -> None:
    """Apply one stored event at most once."""
    with transaction.atomic():
        stored = WebhookEvent.objects.select_for_update().get(pk=event_pk)
        if stored.processed_at:
            return
        obj = stored.payload["data"]["object"]
        if stored.type in ("payment_intent.succeeded", "payment_intent.payment_failed"):
            # The event is a snapshot that may be older than the intent: ask Stripe for now.
            payment_sync(intent=intent_retrieve(intent_id=obj["id"]))
        elif stored.type == "charge.refunded":
            payment_record_refunded(intent_id=obj["payment_intent"], amount_refunded=obj["amount_refunded"])
        elif stored.type == "charge.dispute.created":
            payment_record_dispute(intent_id=obj["payment_intent"])
        stored.processed_at = timezone.now()
        stored.save(update_fields=["processed_at"])
