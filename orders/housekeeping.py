"""Periodic work on orders: reminders that fall due, alerts and digests to merchants, automatic cancellations.

Run every few minutes by celery beat (see CELERY_BEAT_SCHEDULE). When each thing is due comes
from the plain functions of orders.reminders; each message is written once (the outbox key), and
each cancellation goes through `order_cancel`, so stock and slots are released and both sides are
told. One order failing never stops the others.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orders.exceptions import InvalidTransition
from orders.models import Fulfilment, Order, Status
from orders.notifications import (
    Event,
    outbox_add_for_merchant,
    outbox_add_for_resident,
    outbox_add_for_shop_day,
)
from orders.reminders import (
    ReminderRules,
    acceptance_deadline,
    open_minutes_between,
    pickup_reminder_at,
    uncollected_cancel_at,
    uncollected_reminder_at,
)
from orders.selectors import orders_on_day
from orders.services import order_cancel
from shops.models import Partner

logger = logging.getLogger(__name__)


def reminder_rules() -> ReminderRules:
    """When the town reminds residents of a pickup (settings ORDERS_PICKUP_REMINDER_*)."""
    return ReminderRules(
        morning_time=dt.time.fromisoformat(settings.ORDERS_PICKUP_REMINDER_MORNING_AT),
        afternoon_from=dt.time.fromisoformat(settings.ORDERS_PICKUP_REMINDER_AFTERNOON_FROM),
        afternoon_lead=dt.timedelta(minutes=settings.ORDERS_PICKUP_REMINDER_LEAD_MINUTES),
    )


def housekeeping_run(*, now: dt.datetime | None = None) -> Counter:
    """Everything due at `now`; returns how many of each thing was done."""
    now = now or timezone.now()
    zone = ZoneInfo(settings.TIME_ZONE)
    rules = reminder_rules()
    done: Counter = Counter()
    orders = Order.objects.select_related("shop", "checkout").prefetch_related(
        "shop__opening_hours", "shop__closures", "outbox"
    )

    def already(order: Order, event: str) -> bool:
        return any(message.event == event for message in order.outbox.all())

    upcoming = orders.filter(
        fulfilment=Fulfilment.PICKUP,
        status__in=(Status.PLACED, Status.ACCEPTED, Status.READY),
        slot_start__gt=now,
        slot_start__lte=now + dt.timedelta(days=1),
    )
    for order in upcoming:
        if pickup_reminder_at(order.slot_start, zone, rules) <= now and not already(
            order, Event.PICKUP_REMINDER
        ):
            _safely(
                done,
                "pickup_reminders",
                order,
                lambda o: outbox_add_for_resident(order=o, event=Event.PICKUP_REMINDER),
            )

    uncollected = orders.filter(status=Status.READY, slot_end__lte=now - rules.uncollected_after)
    for order in uncollected:
        days = order.shop.uncollected_cancel_days  # each shop chooses how long it keeps an order
        if uncollected_cancel_at(order.slot_end, days, zone) <= now:
            reason = _("Not collected within %(days)d days after the pickup time.") % {"days": days}
            _safely(
                done,
                "cancelled_uncollected",
                order,
                lambda o, reason=reason: order_cancel(order=o, reason=reason, actor=None),
            )
        elif uncollected_reminder_at(order.slot_end, rules) <= now and not already(
            order, Event.UNCOLLECTED_REMINDER
        ):
            _safely(
                done,
                "uncollected_reminders",
                order,
                lambda o: outbox_add_for_resident(order=o, event=Event.UNCOLLECTED_REMINDER),
            )

    alert_after = settings.ORDERS_NOT_ACCEPTED_ALERT_MINUTES
    waiting = orders.filter(status=Status.PLACED, date_placed__lte=now - dt.timedelta(minutes=alert_after))
    for order in waiting:
        hours = order.shop.weekly_hours()
        deadline = acceptance_deadline(order.date_placed, hours, zone)
        if deadline is not None and deadline <= now:
            reason = _("The shop could not accept your order in time.")
            _safely(
                done,
                "cancelled_not_accepted",
                order,
                lambda o, reason=reason: order_cancel(order=o, reason=reason, actor=None),
            )
        elif open_minutes_between(hours, order.date_placed, now, zone) >= alert_after and not already(
            order, Event.MERCHANT_NOT_ACCEPTED
        ):
            _safely(
                done,
                "merchant_alerts",
                order,
                lambda o: outbox_add_for_merchant(order=o, event=Event.MERCHANT_NOT_ACCEPTED),
            )
    return done


def digest_run(*, now: dt.datetime | None = None) -> int:
    """Each shop with pickups or deliveries today gets its morning digest, once; how many were written."""
    day = timezone.localdate(now or timezone.now())
    today = orders_on_day(Order.objects.filter(status__in=Status.TO_PREPARE), day=day)
    shops = Partner.objects.filter(pk__in=today.values("shop_id")).prefetch_related("users")
    written = 0
    for shop in shops:
        with transaction.atomic():
            written += outbox_add_for_shop_day(shop=shop, day=day, event=Event.MERCHANT_DAILY_DIGEST)
    return written


def _safely(done: Counter, what: str, order: Order, action) -> None:
    try:
        with transaction.atomic():
            action(order)
    except InvalidTransition:
        logger.info("Order %s moved on meanwhile: %s skipped", order.number, what)
    else:
        done[what] += 1
