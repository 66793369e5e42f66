"""Quick offers "today at my counter" (an end-of-day basket, a dish of the day): the merchant's one
write and what residents see of them.

A quick offer is an ordinary product of the shop (stock record, photo, details), so the basket,
checkout, orders, payments and board handle it as any other; its `CounterOffer` row adds the pickup
window of today. Residents see it until its stock is gone or its window has ended (then it is off
the storefront: `shops.selectors.sold_on_storefront_q`), and collect it inside the window only
(`shops.availability`, through `shops.product_rules`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from shops.models import CounterOffer, Partner
from shops.products import ProductInput, product_quick_create
from shops.selectors import storefront_products, town_zone
from shops.slots import Slot, SlotRules, compute_slots

Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")


@dataclass(frozen=True)
class CounterOfferInput:
    """What the merchant types: the offer and its pickup window today, as wall-clock times."""

    title: str
    price: Decimal
    quantity: int
    pickup_from: dt.time
    pickup_until: dt.time
    description: str = ""


def counter_window(*, day: dt.date, starts: dt.time, ends: dt.time) -> tuple[dt.datetime, dt.datetime]:
    """The window's instants on `day` in the town's time."""
    zone = town_zone()
    return (
        dt.datetime.combine(day, starts, tzinfo=zone),
        dt.datetime.combine(day, ends, tzinfo=zone),
    )


def counter_window_slots(*, shop: Partner, starts: dt.time, ends: dt.time, now: dt.datetime) -> list[Slot]:
    """The shop's pickup times left today that start inside the window: what a resident buying the
    offer can choose (its hours and closures; an offer needs no preparation)."""
    zone = town_zone()
    window_from, window_until = counter_window(day=now.astimezone(zone).date(), starts=starts, ends=ends)
    slots = compute_slots(
        shop.weekly_hours(), SlotRules(shop.slot_minutes, shop.slot_capacity), now=now, zone=zone, days=1
    )
    return [slot for slot in slots if window_from <= slot.start < window_until]


def counter_window_refusal(*, shop: Partner, starts: dt.time, ends: dt.time, now: dt.datetime) -> str:
    """Why a window typed for today cannot be offered ("" when it can)."""
    if ends <= starts:
        return _("The end of the pickup window must come after its start.")
    _from, until = counter_window(day=now.astimezone(town_zone()).date(), starts=starts, ends=ends)
    if until <= now:
        return _("This window has already ended today: choose a later end.")
    # Residents would see the offer yet find no time to collect it at checkout.
    if shop.temporarily_closed or not counter_window_slots(shop=shop, starts=starts, ends=ends, now=now):
        return _(
            "Your shop is closed during this window today (its hours or a closure): residents could "
            "not collect the offer. Choose a time when it is open."
        )
    return ""


@transaction.atomic
def counter_offer_create(
    *, shop: Partner, data: CounterOfferInput, photo: bytes | None, now: dt.datetime
) -> Product:
    """Put a quick offer on sale now: a product with its stock, photo and today's pickup window."""
    refusal = counter_window_refusal(shop=shop, starts=data.pickup_from, ends=data.pickup_until, now=now)
    if refusal:
        raise ValueError(refusal)
    product = product_quick_create(
        shop=shop,
        data=ProductInput(
            title=data.title,
            price=data.price,
            stock=data.quantity,
            description=data.description,
            # Ready on the counter: no preparation time (the window is what counts).
            availability={"preparation_hours": 0},
        ),
        photo=photo,
    )
    starts, ends = counter_window(
        day=now.astimezone(town_zone()).date(), starts=data.pickup_from, ends=data.pickup_until
    )
    CounterOffer.objects.create(product=product, pickup_from=starts, pickup_until=ends)
    return product


@dataclass(frozen=True)
class CounterOfferCard:
    """What the home page and the shop page show of a quick offer (read once, no query in the template)."""

    product: object
    shop: Partner
    price: Decimal
    left: int
    image: object | None
    pickup_from: dt.datetime
    pickup_until: dt.datetime


def counter_offer_cards(*, now: dt.datetime, shop: Partner | None = None, limit: int = 12) -> list:
    zone = town_zone()
    cards = []
    for product in counter_offers_now(now=now, shop=shop, limit=limit):
        record = product.stockrecords.all()[0]
        images = product.images.all()
        cards.append(
            CounterOfferCard(
                product=product,
                shop=record.partner,
                price=record.price,
                left=max(record.num_in_stock - (record.num_allocated or 0), 0),
                image=images[0] if images else None,
                pickup_from=product.counter_offer.pickup_from.astimezone(zone),
                pickup_until=product.counter_offer.pickup_until.astimezone(zone),
            )
        )
    return cards


def counter_offers_now(*, now: dt.datetime, shop: Partner | None = None, limit: int = 12) -> list:
    """Quick offers residents can still buy: window not ended, some stock left; ending soonest first."""
    left = StockRecord.objects.filter(
        product=OuterRef("pk"), num_in_stock__gt=Coalesce(F("num_allocated"), 0)
    )
    offers: QuerySet = (
        storefront_products()
        .filter(counter_offer__pickup_until__gt=now)
        .filter(Exists(left))
        .select_related("counter_offer")
    )
    if shop is not None:
        offers = offers.filter(stockrecords__partner=shop)
    return list(offers.order_by("counter_offer__pickup_until", "pk")[:limit])
