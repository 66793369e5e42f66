"""The workshops' messages: sign-up confirmation and reminder, through the orders outbox.

Keys are "workshop:<registration>:<event>:email" (once per registration and event); the context is
read back from the registration by `message_context`, registered in apps.py.
"""

from __future__ import annotations

from django.urls import reverse

from orders.models import OutboxMessage
from orders.outbox import outbox_add_message
from shops.emails import absolute_url
from workshops.models import Registration

PREFIX = "workshop:"
SIGNED_UP = "WORKSHOP_SIGNED_UP"
REMINDER = "WORKSHOP_REMINDER"
NAMES = {SIGNED_UP: "Workshop: sign-up confirmed", REMINDER: "Workshop: reminder the day before"}


def registration_message_add(*, registration: Registration, event: str) -> bool:
    """Queue one message about a registration (nothing for someone signed up without an email)."""
    return outbox_add_message(
        key=f"{PREFIX}{registration.pk}:{event}:email", event=event, recipient=registration.email
    )


def message_context(message: OutboxMessage) -> dict:
    registration_id = int(message.key.removeprefix(PREFIX).split(":")[0])
    registration = Registration.objects.select_related("workshop").get(pk=registration_id)
    return {
        "registration": registration,
        "workshop": registration.workshop,
        "workshops_url": absolute_url(reverse("workshops:list")),
    }
