"""Writes for follows: follow and unfollow, unsubscribe, the weekly digests, and the two "tell me" alerts.

Every message goes through the outbox (follows.messages), queued in the transaction of the change
that causes it: a product back in stock, a shop reopening, the weekly run.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from oscar.core.loading import get_model

from follows import messages
from follows.models import Follow, ReopenAlert
from follows.selectors import digest_for, digest_recipients
from shops.models import Partner

ProductAlert = get_model("customer", "ProductAlert")
User = get_user_model()


def follow_add(*, user: AbstractBaseUser, shop: Partner | None = None) -> Follow:
    """Follow a shop, or the markets when `shop` is None; following twice keeps one."""
    try:
        with transaction.atomic():
            return Follow.objects.create(user=user, shop=shop)
    except IntegrityError:
        return Follow.objects.get(user=user, shop=shop)


def follow_remove(*, user: AbstractBaseUser, shop: Partner | None = None) -> int:
    return Follow.objects.filter(user=user, shop=shop).delete()[0]


def follows_remove_all(*, user_id: int) -> int:
    """One-click unsubscribe: no more digest (the resident follows nothing any more)."""
    return Follow.objects.filter(user_id=user_id).delete()[0]


def reopen_alert_add(*, user: AbstractBaseUser, shop: Partner) -> ReopenAlert:
    try:
        with transaction.atomic():
            return ReopenAlert.objects.create(user=user, shop=shop)
    except IntegrityError:
        return ReopenAlert.objects.get(user=user, shop=shop, sent_at=None)


def shop_reopened_notify(*, shop: Partner) -> int:
    """The shop is open again: tell each resident who asked, once; how many."""
    with transaction.atomic():
        alerts = list(
            ReopenAlert.objects.select_for_update(of=("self",))
            .filter(shop=shop, sent_at=None)
            .select_related("user")
        )
        for alert in alerts:
            messages.reopened_message_add(alert_id=alert.pk, email=alert.user.email)
        ReopenAlert.objects.filter(pk__in=[a.pk for a in alerts]).update(sent_at=timezone.now())
    return len(alerts)


def product_back_in_stock_notify(*, product_id: int) -> int:
    """The product can be bought again: each active alert is told through the outbox and closed."""
    with transaction.atomic():
        alerts = list(
            ProductAlert.objects.select_for_update(of=("self",))  # its user may be a guest (outer join)
            .filter(product_id=product_id, status=ProductAlert.ACTIVE)
            .select_related("user")
        )
        for alert in alerts:
            messages.back_in_stock_message_add(alert_id=alert.pk, email=alert.get_email_address())
        ProductAlert.objects.filter(pk__in=[a.pk for a in alerts]).update(
            status=ProductAlert.CLOSED, date_closed=timezone.now()
        )
    return len(alerts)


def digests_queue(*, today: dt.date) -> int:
    """Queue this week's digest for each resident following something with news; how many new.

    Run weekly: the key (resident, day) makes a second run the same day queue nothing twice, and a
    resident with nothing new gets no empty email.
    """
    until = messages.digest_day_start(today)
    queued = 0
    for user in User.objects.filter(pk__in=digest_recipients()).order_by("pk"):
        if digest_for(user=user, until=until):
            with transaction.atomic():
                queued += messages.digest_message_add(user_id=user.pk, email=user.email, day=today)
    return queued
