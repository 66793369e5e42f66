"""Sending one outbox message, at least once and twice as rarely as the design allows.

The row is claimed ("sending", committed) before the mail server is called and marked sent right after,
each in its own short transaction; the message carries a Message-ID fixed per row, so a mail system
seeing it twice can tell. A claim older than SENDING_TIMEOUT (the worker died during the call) is taken
over by the next attempt, as is one left by an earlier delivery of the same task. Only a crash between
the server accepting the message and the row being marked sent can send it twice.
A mail server refusing raises SendingError for the task to retry."""

from __future__ import annotations

import datetime as dt
import io
import logging
import os
import re
import smtplib
import threading
import time
from email.mime.image import MIMEImage

import segno
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.text import slugify

from orders.events import event_type
from orders.mail_backend import mail_from_dict
from orders.message_context import message_context
from orders.models import OutboxMessage
from orders.pickup_codes import normalise_pickup_code
from orders.sms import SmsError, send_sms
from orders.voice import VoiceError, send_voice_call, spoken_text

logger = logging.getLogger(__name__)
_kept = threading.local()  # a thread's own SMTP connection: never shared between threads or forks

# Longer than any one call to the mail server (EMAIL_TIMEOUT) or the SMS provider can last: a claim
# this old belongs to a worker that died.
SENDING_TIMEOUT = dt.timedelta(minutes=10)


class SendingError(Exception):
    """The mail server refused or could not be reached: worth trying again."""


class RelayUnreachable(SendingError):
    """The mail server could not be reached at all: no fault of the message, which stays pending for
    the sweep however long the outage lasts (a refusal counts towards the message's last attempt)."""


def _unreachable(error: Exception) -> bool:
    if isinstance(error, (smtplib.SMTPConnectError, smtplib.SMTPServerDisconnected)):
        return True
    return isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException)


def outbox_send(*, message_id: int, delivery: str = "") -> bool:
    """Send one pending message; True if this call sent it, False if it was not this call's to send.

    `delivery` names the task doing it (Celery's task id, the same when a lost task is delivered again).
    """
    message = _claim(message_id=message_id, delivery=delivery)
    if message is None:
        return False
    try:
        if message.channel == OutboxMessage.Channel.SMS:
            send_sms(to=message.recipient, text=_render(message)["sms"].strip())
        elif message.channel == OutboxMessage.Channel.VOICE:
            # The text message's wording, read aloud: short, and already edited by the town hall.
            context = {**message_context(message), "spoken": True}
            with translation.override(message.language):
                text = spoken_text(
                    _render(message, context)["sms"].strip(), pickup_code=context.get("pickup_code", "")
                )
            send_voice_call(to=message.recipient, text=text, language=message.language)
        else:
            _send_email(_build_email(message))
    except Exception as error:
        OutboxMessage.objects.filter(pk=message.pk, state=OutboxMessage.State.SENDING).update(
            state=OutboxMessage.State.PENDING,
            sending_by="",
            attempts=F("attempts") + 1,
            last_error=str(error)[:2000],
        )
        if message.channel == OutboxMessage.Channel.EMAIL and _unreachable(error):
            raise RelayUnreachable(str(error)) from error
        if isinstance(error, (OSError, SmsError, VoiceError)):  # SMTPException and connection errors alike
            raise SendingError(str(error)) from error
        raise
    _mark_sent(message)
    return True


def outbox_stale_claims() -> Q:
    """Messages claimed by a worker that died while sending (the sweep and _claim agree on it)."""
    return Q(state=OutboxMessage.State.SENDING, sending_at__lt=timezone.now() - SENDING_TIMEOUT)


def _claim(*, message_id: int, delivery: str) -> OutboxMessage | None:
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(of=("self",))  # lock the message only
            .select_related("checkout", "order__checkout", "order__shop", "shop")
            .filter(Q(state=OutboxMessage.State.PENDING) | outbox_stale_claims() | _claimed_by(delivery))
            .filter(pk=message_id)
            .order_by()  # one row: the model's ordering would only cost time to compile
            .first()
        )
        if message is None:
            return None
        if message.state == OutboxMessage.State.SENDING:
            logger.warning("Outbox message %s sent again after an interrupted attempt", message.key)
        message.state = OutboxMessage.State.SENDING
        message.sending_at = timezone.now()
        message.sending_by = delivery
        message.save(update_fields=["state", "sending_at", "sending_by"])
    return message


def _claimed_by(delivery: str) -> Q:
    if not delivery:
        return Q(pk__in=[])
    return Q(state=OutboxMessage.State.SENDING, sending_by=delivery)


def _mark_sent(message: OutboxMessage) -> None:
    """Record the send at once; a dropped database connection is reopened and tried again, since a
    message left 'sending' would be sent a second time."""
    for attempt in range(3):
        try:
            OutboxMessage.objects.filter(pk=message.pk).update(
                state=OutboxMessage.State.SENT,
                sent_at=timezone.now(),
                sending_by="",
                attempts=F("attempts") + 1,
                # A written mail's body (a password reset link, an applicant's details) is not kept
                # once sent: its subject says what it was.
                **({"mail": {"subject": message.mail["subject"]}} if message.mail is not None else {}),
            )
            return
        except DatabaseError:
            if attempt == 2 or connection.in_atomic_block:
                raise
            logger.warning("Outbox message %s sent, recording it failed: retrying", message.key)
            connection.close()
            time.sleep(0.5 * (attempt + 1))


def outbox_record_failure(*, message_id: int, error: str, final: bool) -> None:
    """After the last failed attempt the message shows as failed, ready to resend from the dashboard."""
    fields = {"last_error": error[:2000]}
    if final:
        fields["state"] = OutboxMessage.State.FAILED
    OutboxMessage.objects.filter(pk=message_id).exclude(state=OutboxMessage.State.SENT).update(**fields)


def message_id_header(message: OutboxMessage) -> str:
    """The same Message-ID on every attempt, so a mail system seeing the message twice knows it is one."""
    local = re.sub(r"[^A-Za-z0-9._-]", "-", message.key.replace(":", "."))
    return f"<{local}@{slugify(settings.TOWN_NAME) or 'town'}.marketplace>"


def _render(message: OutboxMessage, context: dict | None = None) -> dict:
    with translation.override(message.language):
        # `spoken`: the text is read aloud by a voice call (days said in full), else shown on a screen.
        return event_type(message.event).get_messages(
            {"spoken": False, **(context or message_context(message))}
        )


def _send_email(email: EmailMultiAlternatives) -> None:
    """Send through this process's SMTP connection, opened once and kept between messages.

    Connecting costs several round trips (connect, EHLO, QUIT) and a worker sends thousands of
    messages. A kept connection the server dropped while idle is reopened at once; any other
    failure closes it, so the task's retry starts afresh.
    """
    # The relay, not EMAIL_BACKEND: that one writes to the outbox (orders.mail_backend).
    backend = import_string(settings.EMAIL_RELAY_BACKEND)
    if not issubclass(backend, SmtpBackend):
        backend().send_messages([email])  # console, in-memory: nothing worth keeping open
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
    if message.mail is not None:  # written whole by its sender
        email = mail_from_dict(message.mail)
        email.extra_headers["Message-ID"] = message_id_header(message)
        return email
    context = message_context(message)
    rendered = _render(message, context)
    email = EmailMultiAlternatives(
        subject=rendered["subject"],
        body=rendered["body"],
        to=[message.recipient],
        headers={"Message-ID": message_id_header(message)},
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
