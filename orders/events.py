"""Which message each event sends to whom (Oscar communication event types, whose wording the town hall
edits), and the wording each worker process keeps between messages."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.cache import cache
from oscar.core.loading import get_model

from orders.models import Status

CommunicationEventType = get_model("communication", "CommunicationEventType")


class Event:
    """Communication event type codes (Oscar's `CommunicationEventType.code`)."""

    CHECKOUT_PLACED = "CHECKOUT_PLACED"  # resident: one message per checkout, every shop listed
    ORDER_ACCEPTED = "ORDER_ACCEPTED"
    ORDER_READY = "ORDER_READY"
    ORDER_OUT_FOR_DELIVERY = "ORDER_OUT_FOR_DELIVERY"
    ORDER_COMPLETED = "ORDER_COMPLETED"  # collected or delivered: the receipt
    ORDER_CANCELLED = "ORDER_CANCELLED"
    ORDER_ITEMS_UNAVAILABLE = "ORDER_ITEMS_UNAVAILABLE"  # the shop removed items it cannot supply
    PICKUP_REMINDER = "PICKUP_REMINDER"
    UNCOLLECTED_REMINDER = "UNCOLLECTED_REMINDER"
    POINT_READY = "POINT_READY"  # resident: every shop's order has arrived at the pickup point
    MERCHANT_NEW_ORDER = "MERCHANT_NEW_ORDER"
    MERCHANT_NOT_ACCEPTED = "MERCHANT_NOT_ACCEPTED"
    MERCHANT_ORDER_CANCELLED = "MERCHANT_ORDER_CANCELLED"
    MERCHANT_DAILY_DIGEST = "MERCHANT_DAILY_DIGEST"  # 7:00: the shop's pickups and deliveries of the day
    MERCHANT_ORDER_CHANGED = "MERCHANT_ORDER_CHANGED"  # the resident changed its time or quantities
    ORDER_RESCHEDULE_ASKED = "ORDER_RESCHEDULE_ASKED"  # resident: the shop closes then, choose another time

    NAMES = {
        CHECKOUT_PLACED: "Resident: checkout placed",
        ORDER_ACCEPTED: "Resident: order accepted",
        ORDER_READY: "Resident: order ready for pickup",
        ORDER_OUT_FOR_DELIVERY: "Resident: order out for delivery",
        ORDER_COMPLETED: "Resident: order collected or delivered (receipt)",
        ORDER_CANCELLED: "Resident: order cancelled",
        ORDER_ITEMS_UNAVAILABLE: "Resident: items unavailable, order total lowered",
        PICKUP_REMINDER: "Resident: pickup reminder",
        UNCOLLECTED_REMINDER: "Resident: order not collected yet",
        POINT_READY: "Resident: everything ready at the pickup point",
        MERCHANT_NEW_ORDER: "Merchant: new order",
        MERCHANT_NOT_ACCEPTED: "Merchant: order still waiting to be accepted",
        MERCHANT_ORDER_CANCELLED: "Merchant: order cancelled",
        MERCHANT_DAILY_DIGEST: "Merchant: today's pickups and deliveries (7:00)",
        MERCHANT_ORDER_CHANGED: "Merchant: order changed by the customer",
        ORDER_RESCHEDULE_ASKED: "Resident: the shop is closed at the chosen time, choose another",
    }
    # The resident's messages that carry the pickup or delivery code (never a merchant's).
    WITH_PICKUP_CODE = (
        ORDER_READY,
        ORDER_OUT_FOR_DELIVERY,
        PICKUP_REMINDER,
        UNCOLLECTED_REMINDER,
        POINT_READY,
    )
    # Also sent by text to residents who asked for it: the ones worth a phone buzzing.
    BY_SMS = (
        ORDER_READY,
        ORDER_OUT_FOR_DELIVERY,
        ORDER_CANCELLED,
        ORDER_ITEMS_UNAVAILABLE,
        ORDER_RESCHEDULE_ASKED,
        PICKUP_REMINDER,
        UNCOLLECTED_REMINDER,
        POINT_READY,
    )


# Which resident message each new state sends.
STATUS_EVENTS = {
    Status.ACCEPTED: Event.ORDER_ACCEPTED,
    Status.READY: Event.ORDER_READY,
    Status.OUT_FOR_DELIVERY: Event.ORDER_OUT_FOR_DELIVERY,
    Status.COLLECTED: Event.ORDER_COMPLETED,
    Status.DELIVERED: Event.ORDER_COMPLETED,
    Status.CANCELLED: Event.ORDER_CANCELLED,
}


def ensure_event_types(names: Mapping[str, str] = Event.NAMES) -> None:
    """Give every event a row the town hall can edit (empty templates fall back to the files); other
    apps' messages too, through `outbox_messages_register`."""
    for code, name in names.items():
        CommunicationEventType.objects.get_or_create(code=code, defaults={"name": name})


EVENT_TYPES_VERSION = "orders:communication-event-types:version"  # in the cache shared by all processes


_event_types: dict[str, CommunicationEventType] = {}


_event_types_version: int | None = None


def event_type(code: str) -> CommunicationEventType:
    """The wording of an event (Oscar's event type, or its files when it has no row).

    Kept per process, saving a query per message; an edit in the dashboard bumps the shared
    version (see `event_types_changed`), so every process reloads before its next message.
    """
    global _event_types_version
    version = cache.get(EVENT_TYPES_VERSION, 0)
    if version != _event_types_version:
        _event_types.clear()
        _event_types_version = version
    if code not in _event_types:
        stored = CommunicationEventType.objects.filter(code=code).first()
        _event_types[code] = stored or CommunicationEventType(code=code)
    return _event_types[code]


def event_types_changed() -> None:
    """The town hall changed some wording: every process drops its copy."""
    cache.add(EVENT_TYPES_VERSION, 0, timeout=None)
    cache.incr(EVENT_TYPES_VERSION)
