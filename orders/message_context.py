"""What a message's templates are given: the checkout, the order, the shop's hours that day, the code
(never to a merchant), a pickup point's details, a merchant's digest of the day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import post_migrate
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from orders.events import Event, ensure_event_types
from orders.models import OutboxMessage, Status
from orders.pickup_codes import display_pickup_code
from orders.selectors import LINES_WITH_WEIGHING, shop_day_orders
from orders.weighing import weighed_rows
from shops.emails import absolute_url

# Messages of other apps (workshops, follows, the merchants' space…) give their templates' context through
# a provider registered for their key's prefix ("workshop:", "follow:"), so orders imports none of them.
ContextProvider = Callable[[OutboxMessage], dict]
_context_providers: dict[str, ContextProvider] = {}


def outbox_context_provider_register(*, prefix: str, provider: ContextProvider) -> None:
    """Render messages whose key starts with `prefix` with `provider(message)` (called from ready())."""
    _context_providers[prefix] = provider


def outbox_messages_register(
    *, app_config: AppConfig, prefix: str, provider: ContextProvider, names: Mapping[str, str]
) -> None:
    """An app's own messages through the outbox (called from its ready()): rendered with `provider`,
    and given after each migrate the event type rows (`names`, code → name) the town hall edits."""
    outbox_context_provider_register(prefix=prefix, provider=provider)
    post_migrate.connect(lambda **kwargs: ensure_event_types(names), sender=app_config, weak=False)


def context_provider_for(key: str) -> ContextProvider | None:
    return next((provider for prefix, provider in _context_providers.items() if key.startswith(prefix)), None)


def hours_day(message: OutboxMessage, slot_start: dt.datetime | None) -> dt.date:
    """The day whose opening hours a message gives: the pickup day, but today for a nudge to come now."""
    if message.event == Event.UNCOLLECTED_REMINDER or slot_start is None:
        return timezone.localdate()
    # Marked ready after its slot's day: the resident comes from today on, not yesterday.
    return max(timezone.localdate(slot_start), timezone.localdate())


def message_context(message: OutboxMessage) -> dict:
    provider = context_provider_for(message.key)
    if provider is not None:
        return {"town_name": settings.TOWN_NAME, **provider(message)}
    checkout = message.checkout or (message.order.checkout if message.order else None)
    order = message.order
    context = {
        "checkout": checkout,
        "order": order,
        # Read only if the template shows it: most messages are about one order.
        "orders": SimpleLazyObject(
            lambda: (
                list(
                    checkout.orders.select_related("shop", "pickup_point", "market")
                    .prefetch_related(LINES_WITH_WEIGHING)  # a total may be "about" (order_total)
                    .order_by("number")
                )
                if checkout
                else []
            )
        ),
        "town_name": settings.TOWN_NAME,
        "tracking_url": absolute_url(reverse("order:track", kwargs={"token": checkout.tracking_token}))
        if checkout
        else "",
        "board_url": absolute_url(reverse("dashboard:order-handle", kwargs={"number": order.number}))
        if order
        else "",
    }
    if message.shop is not None:
        # The day the digest was written for (7:00 that day): a retry after midnight still tells of it.
        day = timezone.localtime(message.created_at).date()
        context.update(
            shop=message.shop,
            day=day,
            day_orders=list(shop_day_orders(shop_id=message.shop_id, day=day)),
            board_url=absolute_url(reverse("dashboard:order-board")),
        )
    if order is not None:
        context["shop"] = order.shop
        # Items sold by weight: what they weighed and cost (the ready message, the receipt).
        context["weighed"] = SimpleLazyObject(lambda: weighed_rows(order))
        shop_day = context["hours_day"] = hours_day(message, order.slot_start)
        context["shop_hours"] = SimpleLazyObject(lambda: order.shop.weekly_hours().ranges_on(shop_day))
        # Only the resident's messages carry the code: the merchant must never be shown it.
        if order.pickup_code and message.event in Event.WITH_PICKUP_CODE:
            context["pickup_code"] = display_pickup_code(order.pickup_code)
    if order is None and message.event in Event.WITH_PICKUP_CODE and context["orders"]:
        # A message about a pickup-point checkout as a whole (outbox_add_for_point_checkout): every
        # order shares the point, its slot and its code.
        first = context["orders"][0]
        context.update(
            point=first.pickup_point,
            point_order=first,
            point_hours=first.pickup_point.weekly_hours().ranges_on(hours_day(message, first.slot_start)),
            pickup_code=display_pickup_code(first.pickup_code),
        )
    if message.event == Event.ORDER_RESCHEDULE_ASKED and order is not None and checkout is not None:
        # The tokenised link of the tracking page, to the order's slot picker.
        context["slot_change_url"] = absolute_url(
            reverse("order:resident-slot", kwargs={"token": checkout.tracking_token, "number": order.number})
        )
    if message.event == Event.ORDER_CANCELLED and order is not None and checkout is not None:
        # "Your other shops' orders are not affected" only when some are still coming (a pickup
        # point's automatic cancellation cancels the whole checkout).
        context["others_still_open"] = SimpleLazyObject(
            lambda: checkout.orders.filter(status__in=Status.OPEN).exclude(pk=order.pk).exists()
        )
    return context
