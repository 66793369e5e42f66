"""Telling residents and merchants: which event reaches whom, the outbox, and sending one message.

A change of state calls `outbox_add` inside its own transaction; the rows it writes are queued
for sending once that transaction commits, and the sweep re-queues any left pending (broker
down, worker killed). `outbox_send` sends one row at most once: it holds the row's lock while it
sends and marks it sent before committing. Wording lives in Oscar communication event types
(files under templates/oscar/communication/, or edited by the town hall in the dashboard).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import smtplib
import threading
from email.mime.image import MIMEImage

import segno
from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.module_loading import import_string
from kombu.exceptions import OperationalError as BrokerUnavailable
from oscar.core.loading import get_model

from orders.models import Checkout, Order, OutboxMessage, Status
from orders.pickup_codes import display_pickup_code, normalise_pickup_code
from orders.selectors import shop_day_orders
from orders.sms import SmsError, send_sms
from shops.emails import absolute_url
from shops.models import Partner

CommunicationEventType = get_model("communication", "CommunicationEventType")
logger = logging.getLogger(__name__)


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


def ensure_event_types() -> None:
    """Give every event a row the town hall can edit (empty templates fall back to the files)."""
    for code, name in Event.NAMES.items():
        CommunicationEventType.objects.get_or_create(code=code, defaults={"name": name})


# --- Writing to the outbox (inside the caller's transaction).


def outbox_add_for_checkout(*, checkout: Checkout) -> None:
    """The resident's confirmation and one new-order alert per shop."""
    event = Event.CHECKOUT_PLACED  # by email only (not in Event.BY_SMS)
    _add_for_resident(key=f"checkout:{checkout.pk}:{event}", event=event, checkout=checkout)
    # An order cancelled meanwhile (while its card payment went through) is no news for its shop.
    for order in (
        checkout.orders.exclude(status=Status.CANCELLED)
        .select_related("shop")
        .prefetch_related("shop__users")
    ):
        outbox_add_for_merchant(order=order, event=Event.MERCHANT_NEW_ORDER)


def outbox_add_for_status(*, order: Order, status: str) -> None:
    event = STATUS_EVENTS.get(status)
    if event:
        outbox_add_for_resident(order=order, event=event)
    if status == Status.CANCELLED:
        outbox_add_for_merchant(order=order, event=Event.MERCHANT_ORDER_CANCELLED)


def outbox_add_for_resident(*, order: Order, event: str, about: str = "") -> None:
    """One message about one shop's order to the resident (once per order, event and channel, and
    per `about` when the event can happen again to the same order, as each unavailable line)."""
    checkout = order.checkout
    if checkout is None:
        return
    event_key = f"{event}:{about}" if about else event
    _add_for_resident(key=f"order:{order.pk}:{event_key}", event=event, checkout=checkout, order=order)


def outbox_add_for_point_checkout(*, checkout: Checkout, event: str) -> bool:
    """One message about a pickup-point checkout as a whole (everything arrived, its reminders):
    the resident collects every shop's order in one go, so is told once, not once per shop; True if new."""
    return _add_for_resident(key=f"checkout:{checkout.pk}:{event}", event=event, checkout=checkout)


def _add_for_resident(*, key: str, event: str, checkout: Checkout, order: Order | None = None) -> bool:
    """The resident's email, and an SMS too if they asked for one and the event goes by SMS;
    True if the email is new."""
    created = _add(key=f"{key}:email", event=event, order=order, checkout=checkout, recipient=checkout.email)
    if checkout.sms_opt_in and checkout.phone and event in Event.BY_SMS:
        _add(
            key=f"{key}:sms",
            event=event,
            order=order,
            checkout=checkout,
            recipient=checkout.phone,
            channel=OutboxMessage.Channel.SMS,
        )
    return created


def outbox_add_for_merchant(*, order: Order, event: str) -> None:
    """One message about an order to its shop (see Partner.merchant_email)."""
    address = order.shop.merchant_email()
    if address:
        _add(key=f"order:{order.pk}:{event}:email", event=event, order=order, recipient=address)


def outbox_add_for_shop_day(*, shop: Partner, day: dt.date, event: str) -> bool:
    """One message to a shop about its whole day (once per shop, day and event); True if new."""
    address = shop.merchant_email()
    return bool(address) and _add(
        key=f"shop:{shop.pk}:{day.isoformat()}:{event}:email", event=event, shop=shop, recipient=address
    )


def _add(
    *,
    key: str,
    event: str,
    recipient: str,
    order: Order | None = None,
    checkout: Checkout | None = None,
    shop: Partner | None = None,
    channel: str = OutboxMessage.Channel.EMAIL,
) -> bool:
    message, created = OutboxMessage.objects.get_or_create(
        key=key,
        defaults={
            "event": event,
            "channel": channel,
            "order": order,
            "checkout": checkout,
            "shop": shop,
            "recipient": recipient,
            "language": translation.get_language() or settings.LANGUAGE_CODE,
        },
    )
    if created:
        transaction.on_commit(lambda: outbox_queue(message_id=message.pk))
    return created


# --- Queueing (after commit).

# One quick retry, for a pooled connection gone stale since a Redis restart; Celery's default
# (three retries, 0.2 s apart) would keep a resident waiting about a second per message.
QUEUE_RETRY_POLICY = {"max_retries": 1}


def outbox_queue(*, message_id: int) -> bool:
    """Hand one message to the broker; if it is down, log it and leave the message to the sweep.

    Runs after the change has committed: a broker outage must never turn a placed order into an
    error page, and the row stays pending, so nothing is lost.
    """
    from orders.tasks import outbox_send_task

    try:
        outbox_send_task.apply_async((message_id,), retry_policy=QUEUE_RETRY_POLICY)
    except BrokerUnavailable as error:
        logger.warning("Outbox message %s left to the sweep: broker unavailable (%s)", message_id, error)
        return False
    return True


# --- Sending.


class SendingError(Exception):
    """The mail server refused or could not be reached: worth trying again."""


def outbox_send(*, message_id: int) -> bool:
    """Send one pending message; True if this call sent it, False if it was not pending."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(of=("self",))  # lock the message only
            .select_related("checkout", "order__checkout", "order__shop", "shop")
            .filter(pk=message_id)
            .order_by()  # one row: the model's ordering would only cost time to compile
            .first()
        )
        if message is None or message.state != OutboxMessage.State.PENDING:
            return False
        try:
            if message.channel == OutboxMessage.Channel.SMS:
                send_sms(to=message.recipient, text=_render(message)["sms"].strip())
            else:
                _send_email(_build_email(message))
        except (OSError, SmsError) as error:  # SMTPException and connection errors alike
            raise SendingError(str(error)) from error
        message.state = OutboxMessage.State.SENT
        message.sent_at = timezone.now()
        message.attempts += 1
        message.save(update_fields=["state", "sent_at", "attempts"])
    return True


def outbox_record_failure(*, message_id: int, error: str, final: bool) -> None:
    """Count a failed attempt; after the last one the message shows as failed, ready to resend."""
    fields = {"last_error": error[:2000]}
    if final:
        fields["state"] = OutboxMessage.State.FAILED
    message = OutboxMessage.objects.get(pk=message_id)
    message.attempts += 1
    for name, value in fields.items():
        setattr(message, name, value)
    message.save(update_fields=["attempts", *fields])


def outbox_resend(*, message: OutboxMessage) -> None:
    """Put a failed message back in the queue (from the dashboard)."""
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message.pk, state=OutboxMessage.State.FAILED).update(
            state=OutboxMessage.State.PENDING, last_error=""
        )
        transaction.on_commit(lambda: outbox_queue(message_id=message.pk))


def outbox_sweep(*, older_than: dt.timedelta = dt.timedelta(minutes=2)) -> int:
    """Re-queue messages still pending after a while (their first queueing was lost); how many."""
    stale = OutboxMessage.objects.filter(
        state=OutboxMessage.State.PENDING, created_at__lt=timezone.now() - older_than
    ).values_list("pk", flat=True)
    return sum(outbox_queue(message_id=message_id) for message_id in stale)


def _render(message: OutboxMessage, context: dict | None = None) -> dict:
    with translation.override(message.language):
        return event_type(message.event).get_messages(context or message_context(message))


# --- What a worker process keeps between messages: the wording, and its mail connection.

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


_kept = threading.local()  # a thread's own SMTP connection: never shared between threads or forks


def _send_email(email: EmailMultiAlternatives) -> None:
    """Send through this process's SMTP connection, opened once and kept between messages.

    Connecting costs several round trips (connect, EHLO, QUIT) and a worker sends thousands of
    messages. A kept connection the server dropped while idle is reopened at once; any other
    failure closes it, so the task's retry starts afresh.
    """
    backend = import_string(settings.EMAIL_BACKEND)
    if not issubclass(backend, SmtpBackend):
        email.send()  # console, in-memory: nothing worth keeping open
        return
    # A fork (prefork pool) or changed mail settings (tests) must not reuse a connection.
    key = (os.getpid(), backend, settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_HOST_USER)
    if getattr(_kept, "key", None) != key:
        _kept.key, _kept.connection = key, backend()
    connection = _kept.connection
    try:
        connection.open()  # does nothing when already open
        try:
            connection.send_messages([email])
        except smtplib.SMTPServerDisconnected:
            connection.close()
            connection.open()
            connection.send_messages([email])
    except Exception:
        connection.close()
        raise


def _build_email(message: OutboxMessage) -> EmailMultiAlternatives:
    context = message_context(message)
    rendered = _render(message, context)
    email = EmailMultiAlternatives(
        subject=rendered["subject"],
        body=rendered["body"],
        to=[message.recipient],
        # The same Message-ID on every attempt, so a mail system seeing it twice knows it is one.
        headers={"Message-ID": f"<{message.key.replace(':', '.')}@{settings.TOWN_NAME.lower()}.marketplace>"},
    )
    if rendered["html"]:
        email.attach_alternative(rendered["html"], "text/html")
        if context.get("pickup_code"):
            png = io.BytesIO()
            code = normalise_pickup_code(context["pickup_code"])
            segno.make(code, error="m", micro=False).save(png, kind="png", scale=6)
            qr = MIMEImage(png.getvalue(), "png")
            qr.add_header("Content-ID", "<pickup-qr>")
            qr.add_header("Content-Disposition", "inline", filename="code.png")
            email.attach(qr)
            email.mixed_subtype = "related"
    return email


def hours_day(message: OutboxMessage, slot_start: dt.datetime | None) -> dt.date:
    """The day whose opening hours a message gives: the pickup day, but today for a nudge to come now."""
    if message.event == Event.UNCOLLECTED_REMINDER or slot_start is None:
        return timezone.localdate()
    # Marked ready after its slot's day: the resident comes from today on, not yesterday.
    return max(timezone.localdate(slot_start), timezone.localdate())


def message_context(message: OutboxMessage) -> dict:
    checkout = message.checkout or (message.order.checkout if message.order else None)
    order = message.order
    context = {
        "checkout": checkout,
        "order": order,
        # Read only if the template shows it: most messages are about one order.
        "orders": SimpleLazyObject(
            lambda: list(checkout.orders.select_related("shop", "pickup_point", "market").order_by("number"))
            if checkout
            else []
        ),
        "town_name": settings.TOWN_NAME,
        "tracking_url": absolute_url(reverse("order:track", kwargs={"token": checkout.tracking_token}))
        if checkout
        else "",
        "board_url": absolute_url(reverse("dashboard:order-handle", kwargs={"number": order.number}))
        if order
        else "",
    }
    if message.shop is not None:
        # The day the digest was written for (7:00 that day): a retry after midnight still tells of it.
        day = timezone.localtime(message.created_at).date()
        context.update(
            shop=message.shop,
            day=day,
            day_orders=list(shop_day_orders(shop_id=message.shop_id, day=day)),
            board_url=absolute_url(reverse("dashboard:order-board")),
        )
    if order is not None:
        context["shop"] = order.shop
        shop_day = context["hours_day"] = hours_day(message, order.slot_start)
        context["shop_hours"] = SimpleLazyObject(lambda: order.shop.weekly_hours().ranges_on(shop_day))
        # Only the resident's messages carry the code: the merchant must never be shown it.
        if order.pickup_code and message.event in Event.WITH_PICKUP_CODE:
            context["pickup_code"] = display_pickup_code(order.pickup_code)
    if order is None and message.event in Event.WITH_PICKUP_CODE and context["orders"]:
        # A message about a pickup-point checkout as a whole (outbox_add_for_point_checkout): every
        # order shares the point, its slot and its code.
        first = context["orders"][0]
        context.update(
            point=first.pickup_point,
            point_order=first,
            point_hours=first.pickup_point.weekly_hours().ranges_on(hours_day(message, first.slot_start)),
            pickup_code=display_pickup_code(first.pickup_code),
        )
    if message.event == Event.ORDER_CANCELLED and order is not None and checkout is not None:
        # "Your other shops' orders are not affected" only when some are still coming (a pickup
        # point's automatic cancellation cancels the whole checkout).
        context["others_still_open"] = SimpleLazyObject(
            lambda: checkout.orders.filter(status__in=Status.OPEN).exclude(pk=order.pk).exists()
        )
    return context
