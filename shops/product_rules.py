"""A product's slot rules read from the database (its details and quick offer), as the plain values
`shops.availability` works on."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from shops.availability import ProductRules, earliest_day, lead_minutes, slots_for_products
from shops.offer_models import CounterOffer
from shops.product_details import Availability
from shops.product_models import ProductDetails
from shops.selectors import town_zone
from shops.slots import SlotRules, compute_slots


def product_rules(product) -> ProductRules:
    """The product's rules; a product without details or quick offer has none beyond its shop's."""
    try:
        details = product.details
    except ProductDetails.DoesNotExist:
        availability = Availability()
    else:
        availability = Availability(
            weekdays=details.weekdays,
            preparation_hours=details.preparation_hours,
            daily_cap=details.daily_cap,
            preorder_from=details.preorder_from,
            preorder_until=details.preorder_until,
        )
    try:
        offer = product.counter_offer
    except CounterOffer.DoesNotExist:
        return ProductRules(title=product.get_title(), availability=availability)
    return ProductRules(
        title=product.get_title(),
        # A quick offer is on the counter already: no preparation time.
        availability=Availability(weekdays=availability.weekdays, preparation_hours=0),
        pickup_from=offer.pickup_from,
        pickup_until=offer.pickup_until,
    )


def next_day_available(product, *, shop_minutes: int, now: dt.datetime | None = None) -> dt.date | None:
    """The first day the product can be collected, for the product page and basket to say."""
    return earliest_day(
        product_rules(product), now=now or timezone.now(), shop_minutes=shop_minutes, zone=town_zone()
    )


def when_available(product, *, shop, now: dt.datetime | None = None) -> str:
    """What the product page and the basket say when a product cannot be had today ("" when it can):
    the first day it can be collected, or a quick offer's pickup window."""
    now = now or timezone.now()
    zone = town_zone()
    rules = product_rules(product)
    shop_minutes = shop.preparation_minutes if shop else 0
    if rules.pickup_until:
        if rules.pickup_until <= now:
            return _("This offer has ended.")
        return _("To collect today from %(start)s to %(end)s.") % {
            "start": date_format(rules.pickup_from.astimezone(zone), "H:i"),
            "end": date_format(rules.pickup_until.astimezone(zone), "H:i"),
        }
    first = earliest_day(rules, now=now, shop_minutes=shop_minutes, zone=zone)
    if first is None:
        return _("Cannot be ordered at the moment.")
    if first == now.astimezone(zone).date():
        return ""
    # The day its preparation ends may be one the shop closes before (a 24-hour cake ordered at
    # 22:00 is ready the next evening, after closing): the day of its first slot, when it has one.
    first = first_slot_day(rules, shop=shop, now=now) or first
    return _("Available from %(day)s.") % {"day": date_format(first, "l j F")}


def first_slot_day(rules: ProductRules, *, shop, now: dt.datetime) -> dt.date | None:
    """The day of the shop's first pickup slot the product allows, from its hours and closures and
    the product's preparation, days and windows (as the checkout's slots); None without one."""
    if shop is None:
        return None
    zone = town_zone()
    lead = lead_minutes(shop.preparation_minutes, [rules])
    slots = compute_slots(
        shop.weekly_hours(), SlotRules(shop.slot_minutes, shop.slot_capacity, lead), now=now, zone=zone
    )
    allowed = slots_for_products(slots, [rules], zone=zone)
    return allowed[0].start.astimezone(zone).date() if allowed else None
