"""The town hall's own messages through the orders outbox: a shop applied to join the marketplace.

Keys are "townhall:applied:<shop>:<user>:email", one per application and town hall member (or
"…:contact:email" for the town's contact address when no member has an email); the context is read
back from the shop by `message_context`, registered in apps.py, so the outbox row keeps no copy of
the applicant's details.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from orders.models import OutboxMessage
from orders.outbox import outbox_add_message
from shops.emails import absolute_url
from shops.models import Partner
from townhall.selectors import town_hall_addresses

PREFIX = "townhall:"
SHOP_APPLIED = "TOWN_HALL_SHOP_APPLIED"
NAMES = {SHOP_APPLIED: "Town hall: a shop applied to join the marketplace"}


def shop_applied_messages_add(*, shop: Partner) -> int:
    """Queue one message to each town hall member about a new application (inside its transaction).

    One message per member rather than one to all: members do not see each other's addresses, and a
    mailbox refusing the message delays or fails only its own row, retried and resent on its own.
    Without any member to write to, the town's contact address is told, so no application goes unseen.
    Returns how many messages were queued.
    """
    recipients = [(str(pk), email) for pk, email in town_hall_addresses()]
    if not recipients and settings.TOWN_CONTACT_EMAIL:
        recipients = [("contact", settings.TOWN_CONTACT_EMAIL)]
    # Written for the town hall, not in the applicant's language: the site's own (French first).
    with translation.override(settings.LANGUAGE_CODE):
        return sum(
            outbox_add_message(
                key=f"{PREFIX}applied:{shop.pk}:{who}:email", event=SHOP_APPLIED, recipient=email
            )
            for who, email in recipients
        )


def message_context(message: OutboxMessage) -> dict:
    shop_id = int(message.key.removeprefix(PREFIX).split(":")[1])
    shop = Partner.objects.select_related("category").get(pk=shop_id)
    return {
        "shop": shop,
        "application_url": absolute_url(reverse("dashboard:shop-application-detail", args=[shop.pk])),
    }
