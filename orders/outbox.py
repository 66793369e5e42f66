"""Writing to the outbox, inside the caller's transaction: one row per order (or checkout, or shop
and day), event and channel, its key making a second write a no-op. Once the transaction commits,
`outbox_message_written` is sent and orders.receivers hands the row to the broker."""

from __future__ import annotations

import datetime as dt
import uuid
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import translation

from orders.events import STATUS_EVENTS, Event
from orders.message_context import context_provider_for
from orders.models import Checkout, Order, OutboxMessage, Status
from orders.signals import outbox_message_written
from shops.models import Partner


def outbox_add_for_checkout(*, checkout: Checkout, tell_shops: bool = True) -> None:
    """The resident's confirmation and one new-order alert per shop (unless the shop took the order)."""
    event = Event.CHECKOUT_PLACED  # by email only (not in Event.BY_SMS)
    _add_for_resident(key=f"checkout:{checkout.pk}:{event}", event=event, checkout=checkout)
    if not tell_shops:
        return  # the shop took it on the phone itself: nothing new to tell it
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
    """The resident's email, and, when the event goes by SMS, a voice call to a landline resident
    or an SMS to one who asked for it; True if the email is new. A phone order taken without an
    email has none: its customer is told by text or voice call only, as they chose."""
    created = bool(checkout.email) and _add(
        key=f"{key}:email", event=event, order=order, checkout=checkout, recipient=checkout.email
    )
    if checkout.phone and event in Event.BY_SMS and (checkout.voice_calls or checkout.sms_opt_in):
        channel = OutboxMessage.Channel.VOICE if checkout.voice_calls else OutboxMessage.Channel.SMS
        _add(
            key=f"{key}:{channel}",
            event=event,
            order=order,
            checkout=checkout,
            recipient=checkout.phone,
            channel=channel,
        )
    return created


def outbox_add_for_merchant(*, order: Order, event: str, about: str = "") -> None:
    """One message about an order to its shop (see Partner.merchant_email); once per `about` too when
    the event can happen again to the same order (each change by the resident)."""
    address = order.shop.merchant_email()
    event_key = f"{event}:{about}" if about else event
    if address:
        _add(key=f"order:{order.pk}:{event_key}:email", event=event, order=order, recipient=address)


def outbox_add_for_shop_day(*, shop: Partner, day: dt.date, event: str) -> bool:
    """One message to a shop about its whole day (once per shop, day and event); True if new."""
    address = shop.merchant_email()
    return bool(address) and _add(
        key=f"shop:{shop.pk}:{day.isoformat()}:{event}:email", event=event, shop=shop, recipient=address
    )


def outbox_add_message(
    *, key: str, event: str, recipient: str, channel: str = OutboxMessage.Channel.EMAIL
) -> bool:
    """One message of another app, once per key (inside the caller's transaction); True if new.

    The key must start with a prefix registered by orders.message_context.outbox_context_provider_register.
    """
    if context_provider_for(key) is None:
        raise ValueError(f"No context provider registered for outbox key {key!r}")
    return bool(recipient) and _add(key=key, event=event, recipient=recipient, channel=channel)


MAIL_EVENT = "mail"  # a message its sender wrote whole (OutboxMessage.mail), not rendered from an event


def outbox_add_mail(*, mail: dict) -> None:
    """A mail written by Django's mail API (orders.mail_backend), kept to be sent after commit."""
    recipients = [*mail["to"], *mail["cc"], *mail["bcc"]]
    _add(
        key=f"mail:{uuid.uuid4().hex}",
        event=MAIL_EVENT,
        recipient=", ".join(recipients)[:254],
        mail=mail,
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
    mail: dict | None = None,
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
            "mail": mail,
        },
    )
    if created:
        transaction.on_commit(
            partial(outbox_message_written.send, sender=OutboxMessage, message_id=message.pk)
        )
    return created


def outbox_resend(*, message: OutboxMessage) -> None:
    """Put a failed message back in the queue (from the dashboard)."""
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message.pk, state=OutboxMessage.State.FAILED).update(
            state=OutboxMessage.State.PENDING, last_error=""
        )
        transaction.on_commit(
            partial(outbox_message_written.send, sender=OutboxMessage, message_id=message.pk)
        )
