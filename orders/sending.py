"""Sending one outbox message, at most once: the row is locked while it is sent and marked sent before
the transaction commits; a mail server refusing raises SendingError for the task to retry."""

from __future__ import annotations

import io
import os
import smtplib
import threading
from email.mime.image import MIMEImage

import segno
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.db import transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from orders.events import event_type
from orders.message_context import message_context
from orders.models import OutboxMessage
from orders.pickup_codes import normalise_pickup_code
from orders.sms import SmsError, send_sms
from orders.voice import VoiceError, send_voice_call, spoken_text

_kept = threading.local()  # a thread's own SMTP connection: never shared between threads or forks


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
            elif message.channel == OutboxMessage.Channel.VOICE:
                # The text message's wording, read aloud: short, and already edited by the town hall.
                context = message_context(message)
                with translation.override(message.language):
                    text = spoken_text(
                        _render(message, context)["sms"].strip(), pickup_code=context.get("pickup_code", "")
                    )
                send_voice_call(to=message.recipient, text=text, language=message.language)
            else:
                _send_email(_build_email(message))
        except (OSError, SmsError, VoiceError) as error:  # SMTPException and connection errors alike
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


def _render(message: OutboxMessage, context: dict | None = None) -> dict:
    with translation.override(message.language):
        return event_type(message.event).get_messages(context or message_context(message))


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
