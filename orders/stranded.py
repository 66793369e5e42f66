"""Nobody stranded: booked orders that a shop's new hours, closures or "closed for now" leave
outside its opening times, found, and either moved (each resident asked to choose another time) or
cancelled with a reason (DESIGN.md, "Nobody stranded").

The shops app says its times changed (shops.signals.shop_times_changed) without knowing orders;
`times_changed_receiver` answers how many booked orders the change hits and where the merchant
chooses what to do with them (orders.dashboard: StrandedOrdersView).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from orders.events import Event
from orders.models import Fulfilment, Order, Status
from orders.outbox import outbox_add_for_resident
from orders.services import order_cancel
from shops.hours import WeeklyHours, local_datetime
from shops.models import Partner

# Orders still to be handed over at the shop or delivered from it; a market stall or a pickup
# point has its own times, and a call for those is made elsewhere.
AT_THE_SHOP = (Fulfilment.PICKUP, Fulfilment.DELIVERY)


def slot_within_hours(week: WeeklyHours, start: dt.datetime, end: dt.datetime, zone: ZoneInfo) -> bool:
    """Whether a booked slot still lies inside one of the shop's opening ranges of its day (pure)."""
    day = start.astimezone(zone).date()
    start_utc, end_utc = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    for time_range in week.ranges_on(day):
        opens = local_datetime(day, time_range.opens_minutes, zone).astimezone(dt.UTC)
        closes = local_datetime(day, time_range.closes_minutes, zone).astimezone(dt.UTC)
        if opens <= start_utc and end_utc <= closes:
            return True
    return False


def stranded_orders(*, shop: Partner, now: dt.datetime | None = None) -> list[Order]:
    """The shop's booked orders to come whose slot its times no longer allow, earliest first."""
    now = now or timezone.now()
    booked: QuerySet[Order] = (
        Order.objects.filter(
            shop=shop,
            status__in=Status.OPEN,
            fulfilment__in=AT_THE_SHOP,
            market__isnull=True,
            slot_start__gte=now,
        )
        .select_related("checkout")
        .order_by("slot_start", "pk")
    )
    if shop.temporarily_closed:
        return list(booked)
    shop = Partner.objects.prefetch_related("opening_hours", "closures").get(pk=shop.pk)
    week, zone = shop.weekly_hours(), ZoneInfo(settings.TIME_ZONE)
    return [order for order in booked if not slot_within_hours(week, order.slot_start, order.slot_end, zone)]


def stranded_orders_cancel(*, shop: Partner, actor: AbstractBaseUser | None) -> list[Order]:
    """Cancel every stranded order of the shop, each through order_cancel (stock, slot, refund, message)."""
    reason = _("%(shop)s will be closed at the time you chose.") % {"shop": shop.name}
    return [order_cancel(order=order, reason=reason, actor=actor) for order in stranded_orders(shop=shop)]


def stranded_orders_move(*, shop: Partner, actor: AbstractBaseUser | None) -> list[Order]:
    """Ask each stranded order's resident to choose another time: the order keeps its stock (and, until
    they choose, its old place), shows "to reschedule" on the board, and its resident gets a message
    (email, and a text if they asked for texts) with the tracking page's tokenised link to the slot
    picker (orders.changes.order_slot_change, which tells the shop once they have chosen)."""
    now = timezone.now()
    asked = []
    for order in stranded_orders(shop=shop, now=now):
        with transaction.atomic():
            locked = Order.objects.select_for_update().get(pk=order.pk)
            if locked.reschedule_asked_at is not None or locked.status not in Status.OPEN:
                continue  # asked already: one message per closure is enough
            locked.reschedule_asked_at = now
            locked.save(update_fields=["reschedule_asked_at"])
            locked.notes.create(
                user=actor if actor is not None and actor.is_authenticated else None,
                note_type="System",
                message=_("The customer is asked to choose another time: the shop is closed at theirs."),
            )
            outbox_add_for_resident(
                order=locked, event=Event.ORDER_RESCHEDULE_ASKED, about=f"{now.timestamp():.0f}"
            )
            asked.append(locked)
    return asked


def times_changed_receiver(sender, *, shop: Partner, **kwargs) -> dict | None:
    """What a change of the shop's times hits, for the merchant's page to say (see shops.signals)."""
    count = len(stranded_orders(shop=shop))
    if not count:
        return None
    message = ngettext(
        "Saved. %(count)d booked order falls outside your new opening times: choose what to do with it.",
        "Saved. %(count)d booked orders fall outside your new opening times: choose what to do with them.",
        count,
    ) % {"count": count}
    return {"count": count, "message": message, "url": reverse("dashboard:order-stranded")}
