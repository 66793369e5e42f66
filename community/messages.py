"""The merchants' space digest through the orders outbox: "community:digest:<shop>:<day>:email"."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from community.selectors import digest_posts
from orders.models import OutboxMessage
from orders.outbox import outbox_add_message
from shops.emails import absolute_url
from shops.models import Partner
from shops.selectors import town_zone

PREFIX = "community:"
DIGEST = "COMMUNITY_DIGEST"
NAMES = {DIGEST: "Merchant: new posts in the merchants' space"}


def digest_window(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The day before `day`, midnight to midnight in the town's zone."""
    until = dt.datetime.combine(day, dt.time(0), tzinfo=town_zone())
    return until - dt.timedelta(days=1), until


def digest_message_add(*, shop: Partner, email: str, day: dt.date) -> bool:
    return outbox_add_message(
        key=f"{PREFIX}digest:{shop.pk}:{day.isoformat()}:email", event=DIGEST, recipient=email
    )


def message_context(message: OutboxMessage) -> dict:
    _kind, shop_id, day = message.key.removeprefix(PREFIX).split(":")[:3]
    shop = Partner.objects.get(pk=int(shop_id))
    since, until = digest_window(dt.date.fromisoformat(day))
    return {
        "shop": shop,
        "posts": digest_posts(for_shop=shop, since=since, until=until),
        "space_url": absolute_url(reverse("dashboard:community-list")),
    }
