"""Placing a checkout: one basket, several shops, one Oscar order per shop, all or nothing.

Read top to bottom: split the basket by shop, check each shop can still sell and that each
chosen slot is one the shop offers, then, in one transaction, hold the stock (in stock-record
order) and the slots (in shop order) with conditional updates, and write one order per shop with
its pickup code. Any refusal raises a PlacementError naming the item or slot; the transaction is
rolled back, so nothing is half-placed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.apps.shipping.methods import NoShippingRequired
from oscar.core import prices
from oscar.core.loading import get_class, get_model

from orders.exceptions import PlacementError, SlotUnavailable
from orders.models import Checkout, Fulfilment, Order, Status
from orders.pickup_codes import new_pickup_code
from orders.services import slot_book, stock_allocate
from orders.splitting import ShopPart, split_by_shop
from shops.models import Partner
from shops.slots import SlotRules, compute_slots, find_slot

OrderCreator = get_class("order.utils", "OrderCreator")
Country = get_model("address", "Country")
ShippingAddress = get_model("order", "ShippingAddress")
StockRecord = get_model("partner", "StockRecord")


@dataclass(frozen=True)
class DeliveryAddress:
    line1: str
    postcode: str
    city: str


@dataclass(frozen=True)
class FulfilmentChoice:
    """What the resident chose for one shop."""

    method: str = Fulfilment.PICKUP
    slot_start: dt.datetime | None = None
    address: DeliveryAddress | None = None


@dataclass(frozen=True)
class Contact:
    email: str
    phone: str = ""
    first_name: str = ""
    last_name: str = ""


def shop_slots(shop: Partner, *, now: dt.datetime) -> list:
    """The slots a resident may choose at this shop now, with current bookings."""
    bookings = {booking.start: booking.booked for booking in shop.slot_bookings.filter(start__gte=now)}
    return compute_slots(
        shop.weekly_hours(),
        SlotRules(shop.slot_minutes, shop.slot_capacity, shop.preparation_minutes),
        now=now,
        zone=ZoneInfo(settings.TIME_ZONE),
        bookings=bookings,
    )


def checkout_place(
    *,
    basket,
    choices: Mapping[int, FulfilmentChoice],
    contact: Contact,
    user: AbstractBaseUser | None,
    status: str = Status.PLACED,
    now: dt.datetime | None = None,
) -> Checkout:
    """Place the basket as one order per shop, or raise PlacementError having written nothing."""
    now = now or timezone.now()
    lines = list(basket.all_lines())
    if not lines:
        raise PlacementError(_("Your basket is empty."))
    # One query for every stock record, product class and shop the placement reads.
    records = StockRecord.objects.select_related("product__product_class", "partner").in_bulk(
        {line.stockrecord_id for line in lines}
    )
    for line in lines:
        line.stockrecord = records[line.stockrecord_id]
    parts = split_by_shop(lines, shop_of=lambda line: line.stockrecord.partner_id)
    with transaction.atomic():
        shops = Partner.objects.prefetch_related("opening_hours", "closures").in_bulk(
            [part.shop_id for part in parts]
        )
        slots = {part.shop_id: _check_shop_and_choice(shops[part.shop_id], choices, now) for part in parts}
        for line in sorted(lines, key=lambda line: line.stockrecord_id):
            stock_allocate(stockrecord=line.stockrecord, quantity=line.quantity)
        for shop_id in sorted(slots):
            if slots[shop_id] is not None:
                slot_book(shop_id=shop_id, slot=slots[shop_id], shop_name=shops[shop_id].name)
        checkout = Checkout.objects.create(
            user=user if user and user.is_authenticated else None,
            email=contact.email,
            phone=contact.phone,
            first_name=contact.first_name,
            last_name=contact.last_name,
        )
        for index, part in enumerate(parts, start=1):
            _create_shop_order(
                checkout=checkout,
                shop=shops[part.shop_id],
                part=part,
                number=f"{checkout.reference}-{index}",
                choice=choices[part.shop_id],
                slot=slots[part.shop_id],
                basket=basket,
                status=status,
            )
        basket.submit()
    return checkout


def _check_shop_and_choice(shop: Partner, choices: Mapping[int, FulfilmentChoice], now: dt.datetime):
    """The slot booked for this shop (None for delivery), or a PlacementError saying why not."""
    if not shop.is_on_storefront:
        raise PlacementError(
            _("%(shop)s is not selling on the marketplace at the moment: please remove its items.")
            % {"shop": shop.name},
            shop_id=shop.pk,
        )
    if shop.temporarily_closed:
        raise PlacementError(
            _("%(shop)s is temporarily closed: please remove its items.") % {"shop": shop.name},
            shop_id=shop.pk,
        )
    choice = choices.get(shop.pk)
    if choice is None:
        raise PlacementError(_("Please choose how to get your order from %(shop)s.") % {"shop": shop.name})
    if choice.method == Fulfilment.DELIVERY:
        if not shop.offers_delivery:
            raise PlacementError(_("%(shop)s does not deliver.") % {"shop": shop.name}, shop_id=shop.pk)
        return None
    if not shop.offers_click_collect:
        raise PlacementError(
            _("%(shop)s does not offer click & collect.") % {"shop": shop.name}, shop_id=shop.pk
        )
    slot = find_slot(shop_slots(shop, now=now), choice.slot_start) if choice.slot_start else None
    if slot is None:
        raise SlotUnavailable(
            _("The pickup time chosen at %(shop)s is no longer available: please choose another one.")
            % {"shop": shop.name},
            shop_id=shop.pk,
        )
    if slot.is_full:
        raise SlotUnavailable(
            _("The pickup time chosen at %(shop)s is full: please choose another one.") % {"shop": shop.name},
            shop_id=shop.pk,
        )
    return slot


def _unused_pickup_code(shop: Partner) -> str:
    # A collision is rare (31⁶ codes); the database constraint is the last word if one slips by.
    while True:
        code = new_pickup_code()
        if not Order.objects.filter(shop=shop, pickup_code=code, status__in=Status.OPEN).exists():
            return code


def _shipping_address(checkout: Checkout, address: DeliveryAddress) -> ShippingAddress:
    # Oscar's addresses need a country; every delivery of a town's marketplace is in France.
    france, _created = Country.objects.get_or_create(
        iso_3166_1_a2="FR", defaults={"iso_3166_1_a3": "FRA", "iso_3166_1_numeric": "250", "name": "France"}
    )
    return ShippingAddress.objects.create(
        first_name=checkout.first_name,
        last_name=checkout.last_name,
        line1=address.line1,
        line4=address.city,
        postcode=address.postcode,
        country=france,
    )


def _create_shop_order(
    *,
    checkout: Checkout,
    shop: Partner,
    part: ShopPart,
    number: str,
    choice: FulfilmentChoice,
    slot,
    basket,
    status,
) -> Order:
    incl_tax = sum((line.line_price_incl_tax_incl_discounts for line in part.lines), Decimal("0.00"))
    excl_tax = sum((line.line_price_excl_tax_incl_discounts for line in part.lines), Decimal("0.00"))
    no_shipping = NoShippingRequired()
    creator = OrderCreator()
    order = creator.create_order_model(
        user=checkout.user,
        basket=basket,
        shipping_address=_shipping_address(checkout, choice.address) if choice.address else None,
        shipping_method=no_shipping,
        shipping_charge=prices.Price(currency=basket.currency, excl_tax=Decimal(0), incl_tax=Decimal(0)),
        billing_address=None,
        total=prices.Price(currency=basket.currency, excl_tax=excl_tax, incl_tax=incl_tax),
        order_number=number,
        status=status,
        guest_email="" if checkout.user else checkout.email,
        shop=shop,
        checkout=checkout,
        fulfilment=choice.method,
        slot_start=slot.start if slot else None,
        slot_end=slot.end if slot else None,
        pickup_code=_unused_pickup_code(shop) if choice.method == Fulfilment.PICKUP else "",
    )
    for line in part.lines:
        creator.create_line_models(order, line)
    return order
