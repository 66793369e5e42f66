"""The follows' messages through the orders outbox: weekly digest, back in stock, shop reopened.

Keys: "follow:digest:<user>:<day>:email" (once per resident and day), "follow:back:<ProductAlert>:email"
and "follow:reopen:<ReopenAlert>:email". The context is read back from the key at sending time.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.urls import reverse
from oscar.core.loading import get_model

from follows.models import ReopenAlert
from follows.selectors import digest_for
from follows.tokens import unsubscribe_token
from orders.models import OutboxMessage
from orders.outbox import outbox_add_message
from shops.emails import absolute_url
from shops.selectors import town_zone

ProductAlert = get_model("customer", "ProductAlert")
User = get_user_model()

PREFIX = "follow:"
DIGEST = "FOLLOW_WEEKLY_DIGEST"
BACK_IN_STOCK = "FOLLOW_BACK_IN_STOCK"
REOPENED = "FOLLOW_SHOP_REOPENED"
NAMES = {
    DIGEST: "Resident: weekly digest of the shops and markets they follow",
    BACK_IN_STOCK: "Resident: a product they asked about is back in stock",
    REOPENED: "Resident: a shop they asked about has reopened",
}


def digest_day_start(day: dt.date) -> dt.datetime:
    """Where the digest written on `day` ends: that day's end, so Monday's digest covers Tuesday to Monday
    (what is added after it is sent waits for next week's, never missed, never twice)."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), tzinfo=town_zone())


def digest_message_add(*, user_id: int, email: str, day: dt.date) -> bool:
    return outbox_add_message(
        key=f"{PREFIX}digest:{user_id}:{day.isoformat()}:email", event=DIGEST, recipient=email
    )


def back_in_stock_message_add(*, alert_id: int, email: str) -> bool:
    return outbox_add_message(key=f"{PREFIX}back:{alert_id}:email", event=BACK_IN_STOCK, recipient=email)


def reopened_message_add(*, alert_id: int, email: str) -> bool:
    return outbox_add_message(key=f"{PREFIX}reopen:{alert_id}:email", event=REOPENED, recipient=email)


def message_context(message: OutboxMessage) -> dict:
    kind, pk, *rest = message.key.removeprefix(PREFIX).split(":")
    if kind == "digest":
        user = User.objects.get(pk=int(pk))
        return {
            "user": user,
            "digest": digest_for(user=user, until=digest_day_start(dt.date.fromisoformat(rest[0]))),
            "unsubscribe_url": absolute_url(
                reverse("follows:unsubscribe", kwargs={"token": unsubscribe_token(user_id=user.pk)})
            ),
            "site_url": absolute_url("/"),
        }
    if kind == "back":
        alert = ProductAlert.objects.select_related("product").get(pk=int(pk))
        return {
            "product": alert.product,
            "product_url": absolute_url(alert.product.get_absolute_url()),
            "cancel_url": absolute_url(reverse("customer:alerts-cancel-by-key", kwargs={"key": alert.key}))
            if alert.key
            else "",
        }
    alert = ReopenAlert.objects.select_related("shop").get(pk=int(pk))
    return {
        "shop": alert.shop,
        "shop_url": absolute_url(reverse("shops:detail", kwargs={"slug": alert.shop.slug})),
    }
