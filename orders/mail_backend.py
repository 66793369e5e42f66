"""Every mail through the outbox: Django's mail API (EMAIL_BACKEND) stores each message as an outbox row
in the caller's transaction; the worker hands it to the real mail server (EMAIL_RELAY_BACKEND) with
retries. Registration, password resets, shop applications and invitations — Oscar's, Django's or
ours — therefore never fail a form or a request when the relay is down: it only delays them.

The apps that write these mails sit below orders; they call Django's mail API, never this module."""

from __future__ import annotations

import base64
from email import message_from_string
from email.mime.base import MIMEBase

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.base import BaseEmailBackend

from orders.outbox import outbox_add_mail


class OutboxEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        stored = 0
        for email in email_messages:
            if not email.recipients():
                continue
            try:
                outbox_add_mail(mail=mail_to_dict(email))
            except Exception:
                if not self.fail_silently:
                    raise
                continue
            stored += 1
        return stored


def mail_to_dict(email: EmailMessage) -> dict:
    """What the worker needs to write the same message again: JSON, stored on the outbox row."""
    return {
        "subject": str(email.subject),
        "body": str(email.body),
        "from_email": str(email.from_email) if email.from_email else None,
        "to": [str(address) for address in email.to],
        "cc": [str(address) for address in email.cc],
        "bcc": [str(address) for address in email.bcc],
        "reply_to": [str(address) for address in email.reply_to],
        "headers": {str(name): str(value) for name, value in email.extra_headers.items()},
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(email, "alternatives", [])
        ],
        "attachments": [_attachment_to_dict(attachment) for attachment in email.attachments],
        "content_subtype": email.content_subtype,
        "mixed_subtype": email.mixed_subtype,
    }


def mail_from_dict(data: dict) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=dict(data["headers"]),
    )
    for content, mimetype in data["alternatives"]:
        email.attach_alternative(content, mimetype)
    for attachment in data["attachments"]:
        if "mime" in attachment:
            email.attach(message_from_string(attachment["mime"]))
        else:
            content = base64.b64decode(attachment["content"])
            if attachment["text"]:
                content = content.decode()
            email.attach(attachment["filename"], content, attachment["mimetype"])
    email.content_subtype = data["content_subtype"]
    email.mixed_subtype = data["mixed_subtype"]
    return email


def _attachment_to_dict(attachment) -> dict:
    if isinstance(attachment, MIMEBase):
        return {"mime": attachment.as_string()}
    filename, content, mimetype = attachment
    text = isinstance(content, str)
    raw = content.encode() if text else bytes(content)
    return {
        "filename": filename,
        "content": base64.b64encode(raw).decode("ascii"),
        "mimetype": mimetype,
        "text": text,
    }
