"""Periodic work on orders: reminders that fall due, alerts and digests to merchants, automatic cancellations.

Run every few minutes by celery beat (see CELERY_BEAT_SCHEDULE). When each thing is due comes
from the plain functions of orders.reminders; each message is written once (the outbox key), and
each cancellation goes through `order_cancel`, so stock and slots are released and both sides are
told. One order failing never stops the others.

A pickup-point checkout is collected in one go, so it follows the same rules as one order: one
reminder and one nudge for the checkout, and after the point's `uncollected_cancel_days` every
order of it still open is cancelled together.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable
from itertools import groupby
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from orders.events import Event
from orders.exceptions import InvalidTransition
from orders.models import Fulfilment, Order, Status
from orders.outbox import (
    outbox_add_for_merchant,
    outbox_add_for_point_checkout,
    outbox_add_for_resident,
    outbox_add_for_shop_day,
)
from orders.pickup_point_rules import everything_arrived
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


def reminder_slot_tag(slot_start: dt.datetime) -> str:
    """What a pickup reminder is about: its time. An order moved to another time (by the resident,
    or after its shop closed that day) is reminded again of the new one."""
    return f"slot-{slot_start.timestamp():.0f}"


def reminded_of_its_slot(order: Order) -> bool:
    tag = reminder_slot_tag(order.slot_start)
    return any(
        message.event == Event.PICKUP_REMINDER
        # Reminders written before they carried their time count for the order's time (no repeat).
        and (f":{tag}:" in message.key or ":slot-" not in message.key)
        for message in order.outbox.all()
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

    # An order whose resident is choosing another time (the shop closes at theirs) is not reminded
    # of that time, nor nudged or cancelled for not coming then.
    moving = {"reschedule_asked_at__isnull": False}
    upcoming = orders.filter(
        fulfilment=Fulfilment.PICKUP,
        status__in=(Status.PLACED, Status.ACCEPTED, Status.READY),
        slot_start__gt=now,
        slot_start__lte=now + dt.timedelta(days=1),
    ).exclude(**moving)
    for order in upcoming:
        if pickup_reminder_at(order.slot_start, zone, rules) <= now and not reminded_of_its_slot(order):
            _safely(
                done,
                "pickup_reminders",
                order.number,
                lambda order=order: outbox_add_for_resident(
                    order=order, event=Event.PICKUP_REMINDER, about=reminder_slot_tag(order.slot_start)
                ),
            )

    uncollected = orders.filter(status=Status.READY, slot_end__lte=now - rules.uncollected_after).exclude(
        **moving
    )
    for order in uncollected:
        days = order.shop.uncollected_cancel_days  # each shop chooses how long it keeps an order
        if uncollected_cancel_at(order.slot_end, days, zone) <= now:
            reason = _("Not collected within %(days)d days after the pickup time.") % {"days": days}
            _safely(
                done,
                "cancelled_uncollected",
                order.number,
                lambda order=order, reason=reason: order_cancel(order=order, reason=reason, actor=None),
            )
        elif not already(order, Event.UNCOLLECTED_REMINDER):  # the query kept only those past the nudge
            _safely(
                done,
                "uncollected_reminders",
                order.number,
                lambda order=order: outbox_add_for_resident(order=order, event=Event.UNCOLLECTED_REMINDER),
            )

    _point_checkouts_run(now=now, zone=zone, rules=rules, done=done)

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
                order.number,
                lambda order=order, reason=reason: order_cancel(order=order, reason=reason, actor=None),
            )
        elif open_minutes_between(hours, order.date_placed, now, zone) >= alert_after and not already(
            order, Event.MERCHANT_NOT_ACCEPTED
        ):
            _safely(
                done,
                "merchant_alerts",
                order.number,
                lambda order=order: outbox_add_for_merchant(order=order, event=Event.MERCHANT_NOT_ACCEPTED),
            )
    return done


def _point_checkouts_run(*, now: dt.datetime, zone: ZoneInfo, rules: ReminderRules, done: Counter) -> None:
    """The pickup-point checkouts' reminder, nudge and cancellation: one per checkout, on the point's slot.

    The nudge waits for everything to have arrived (the resident could not collect before); the
    cancellation does not: an order a shop never dropped holds stock as long as a dropped one.
    """
    open_orders = (
        Order.objects.filter(
            fulfilment=Fulfilment.PICKUP_POINT,
            status__in=Status.TO_PREPARE,
            slot_start__lte=now + dt.timedelta(days=1),
        )
        .select_related("checkout", "pickup_point")
        .prefetch_related("checkout__outbox")
        .order_by("checkout_id", "pk")
    )
    for _checkout_id, group in groupby(open_orders, key=lambda order: order.checkout_id):
        orders = list(group)
        checkout, point, slot_start, slot_end = (
            orders[0].checkout,
            orders[0].pickup_point,
            orders[0].slot_start,
            orders[0].slot_end,
        )
        sent = {message.event for message in checkout.outbox.all() if message.order_id is None}
        if slot_start > now:
            if pickup_reminder_at(slot_start, zone, rules) <= now and Event.PICKUP_REMINDER not in sent:
                _safely(
                    done,
                    "pickup_reminders",
                    checkout.reference,
                    lambda checkout=checkout: outbox_add_for_point_checkout(
                        checkout=checkout, event=Event.PICKUP_REMINDER
                    ),
                )
            continue
        if uncollected_reminder_at(slot_end, rules) > now:
            continue
        days = point.uncollected_cancel_days  # each point chooses how long it keeps a checkout
        if uncollected_cancel_at(slot_end, days, zone) <= now:
            reason = _("Not collected within %(days)d days after the pickup time.") % {"days": days}
            _safely(
                done,
                "cancelled_uncollected",
                checkout.reference,
                lambda orders=orders, reason=reason: _checkout_cancel(orders=orders, reason=reason),
            )
        elif (
            everything_arrived(
                (order.status for order in orders), dropped=Status.DROPPED, cancelled=Status.CANCELLED
            )
            and Event.UNCOLLECTED_REMINDER not in sent
        ):
            _safely(
                done,
                "uncollected_reminders",
                checkout.reference,
                lambda checkout=checkout: outbox_add_for_point_checkout(
                    checkout=checkout, event=Event.UNCOLLECTED_REMINDER
                ),
            )


def _checkout_cancel(*, orders: list[Order], reason: str) -> None:
    """Every open order of a pickup-point checkout, through `order_cancel`: all or none.

    The dropped ones first: cancelling one never dropped would leave only dropped ones, and
    `order_cancel` would tell the resident that everything has arrived.
    """
    for order in sorted(orders, key=lambda order: order.status != Status.DROPPED):
        order_cancel(order=order, reason=reason, actor=None)


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


def _safely(done: Counter, what: str, reference: str, action: Callable[[], object]) -> None:
    """Do one thing in its own transaction; an order or checkout (`reference`) that moved on is skipped."""
    try:
        with transaction.atomic():
            action()
    except InvalidTransition:
        logger.info("%s moved on meanwhile: %s skipped", reference, what)
    else:
        done[what] += 1
