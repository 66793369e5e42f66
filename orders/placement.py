"""Placing a checkout: one basket, several shops, one Oscar order per shop, all or nothing.

Read top to bottom: split the basket by shop, check each shop can still sell and that each
chosen slot is one the shop offers, then, in one transaction, hold the stock (in stock-record
order) and the slots (in shop order) with conditional updates, and write one order per shop with
its code, shown at the counter or given to whoever delivers. Any refusal raises a PlacementError
naming the item or slot; the transaction is rolled back, so nothing is half-placed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from oscar.apps.order.utils import OrderCreator
from oscar.apps.shipping.methods import Free
from oscar.core import prices
from oscar.core.loading import get_model
from oscar.templatetags.currency_filters import currency

from markets.selectors import markets_lock, stall_sessions
from orders.exceptions import PlacementError, SlotUnavailable
from orders.models import Channel, Checkout, Fulfilment, Order, Status
from orders.outbox import outbox_add_for_checkout
from orders.pickup_codes import new_pickup_code, unused_code
from orders.pickup_point_rules import MIN_SHOPS
from orders.services import CapItem, daily_caps_take, slot_book, stock_allocate
from orders.splitting import ShopPart, split_by_shop
from orders.weighing import weighings_record
from shops import availability
from shops.availability import ProductRules, lead_minutes, slots_for_products
from shops.delivery import DeliveryRefused, delivery_quote
from shops.models import Partner
from shops.product_rules import product_rules
from shops.slots import DEFAULT_DAYS, Slot, SlotRules, compute_slots, find_slot
from vouchers.exceptions import VoucherRefused
from vouchers.services import basket_vouchers_lock, order_voucher_discounts_record


class PickupInStore(Free):
    code = "pickup"
    name = gettext_lazy("Pickup in store")


class LocalDelivery(Free):
    """The fee is the shop's (see shops.delivery), passed as the order's shipping charge."""

    code = "local-delivery"
    name = gettext_lazy("Local delivery")


Basket = get_model("basket", "Basket")
Country = get_model("address", "Country")
ShippingAddress = get_model("order", "ShippingAddress")


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
    market_id: int | None = None  # a slot at the shop's stall at this market
    point: Partner | None = None  # the town pickup point, for Fulfilment.PICKUP_POINT


@dataclass(frozen=True)
class Contact:
    email: str
    phone: str = ""
    first_name: str = ""
    last_name: str = ""
    sms_opt_in: bool = False
    voice_calls: bool = False  # a landline: messages read aloud instead of texted


def shop_slots(
    shop: Partner,
    *,
    now: dt.datetime,
    fulfilment: str = Fulfilment.PICKUP,
    day: dt.date | None = None,
    products: Sequence[ProductRules] = (),
) -> list[Slot]:
    """The pickup slots (or delivery windows) a resident may choose now, with current bookings.

    With `day`, only that day's (the one a resident chose): the same rules, a seventh of the work.
    A stallholder offering pickup at its stall also gets the slots of its markets' held sessions.
    With `products` (the shop's part of a basket), only the slots every one of them allows: after
    the longest preparation, on their days, inside their order and pickup windows (shops.availability).
    """
    lead = lead_minutes(shop.preparation_minutes, products)
    if fulfilment == Fulfilment.DELIVERY:
        rules = SlotRules(shop.delivery_window_minutes, shop.delivery_capacity, lead)
    else:
        rules = SlotRules(shop.slot_minutes, shop.slot_capacity, lead)
    zone = ZoneInfo(settings.TIME_ZONE)
    days = DEFAULT_DAYS
    if day is not None:
        days = 1 if 0 <= (day - now.astimezone(zone).date()).days < DEFAULT_DAYS else 0
    booked = shop.slot_bookings.filter(fulfilment=fulfilment, start__gte=now)
    if day is not None:  # that day only: from its midnight to the next
        midnight = dt.datetime.combine(day, dt.time(0), tzinfo=zone)
        booked = booked.filter(start__gte=midnight, start__lt=midnight + dt.timedelta(days=1))
    bookings = {booking.start: booking.booked for booking in booked}
    first_day = day or now.astimezone(zone).date()
    sessions = (
        stall_sessions(shop=shop, first_day=first_day, days=days)
        if fulfilment == Fulfilment.PICKUP and shop.offers_market_pickup and days
        else []
    )
    slots = compute_slots(
        shop.weekly_hours(),
        rules,
        now=now,
        zone=zone,
        days=days,
        first_day=first_day,
        bookings=bookings,
        market_sessions=sessions,
    )
    return slots_for_products(slots, products, zone=zone)


def part_product_rules(part: ShopPart) -> list[ProductRules]:
    """The rules of each product in a shop's part of the basket, for `shop_slots`."""
    return [product_rules(line.product) for line in part.lines]


@dataclass(frozen=True)
class CheckedPart:
    """A shop's part once its choice is known to be possible: the slot to book and the fee."""

    part: ShopPart
    shop: Partner
    choice: FulfilmentChoice
    slot: Slot
    delivery_fee: Decimal = Decimal("0.00")

    @property
    def subtotal(self) -> Decimal:
        return part_subtotal(self.part)


def part_subtotal(part: ShopPart) -> Decimal:
    return sum((line.line_price_incl_tax_incl_discounts for line in part.lines), Decimal("0.00"))


def checkout_place(
    *,
    basket,
    choices: Mapping[int, FulfilmentChoice],
    contact: Contact,
    user: AbstractBaseUser | None,
    status: str = Status.PLACED,
    now: dt.datetime | None = None,
    channel: str = Channel.WEB,
    tell_shops: bool = True,
) -> Checkout:
    """Place the basket as one order per shop, or raise PlacementError having written nothing.
    `tell_shops` False: the shop took the order itself (on the phone), so gets no new-order alert."""
    now = now or timezone.now()
    # The basket reads its lines with their stock records, product classes, shops and shops' hours.
    lines = list(basket.all_lines())
    if not lines:
        raise PlacementError(_("Your basket is empty."))
    for line in lines:
        if line.quantity < 1:  # Oscar's add_product with a negative quantity leaves a line at 0
            raise PlacementError(
                _("“%(title)s” has no quantity: please set one in your basket, or remove it.")
                % {"title": line.product.get_title()},
                shop_id=line.stockrecord.partner_id,
            )
    parts = split_by_shop(lines, shop_of=lambda line: line.stockrecord.partner_id)
    shops = {line.stockrecord.partner_id: line.stockrecord.partner for line in lines}
    with transaction.atomic():
        # Claiming the basket first makes a double submit place it once: the second one finds it taken.
        if not Basket.objects.filter(pk=basket.pk, status=Basket.OPEN).update(status=Basket.FROZEN):
            raise PlacementError(_("This basket has already been placed: see your orders."))
        try:
            basket_vouchers_lock(basket=basket, user=user)
        except VoucherRefused as refused:
            raise PlacementError(str(refused)) from refused
        # Locks are taken in one order by every checkout (vouchers, markets, stock records, slots,
        # each by primary key), so two checkouts never wait on each other's second lock.
        markets_lock(market_ids={c.market_id for c in choices.values() if c and c.market_id})
        checked = [check_part(part, shops[part.shop_id], choices.get(part.shop_id), now) for part in parts]
        for line in sorted(lines, key=lambda line: line.stockrecord_id):
            stock_allocate(stockrecord=line.stockrecord, quantity=line.quantity)
        _daily_caps_take(checked)
        point = _checked_point(checked)
        for item in sorted(checked, key=lambda item: item.shop.pk):
            if item.choice.method != Fulfilment.PICKUP_POINT:
                slot_book(shop=item.shop, slot=item.slot, fulfilment=item.choice.method)
        if point:  # one place at the point for the whole checkout: its capacity counts checkouts
            slot_book(shop=point, slot=checked[0].slot, fulfilment=Fulfilment.PICKUP_POINT)
        checkout = Checkout.objects.create(
            user=user if user and user.is_authenticated else None,
            email=contact.email,
            phone=contact.phone,
            first_name=contact.first_name,
            last_name=contact.last_name,
            sms_opt_in=contact.sms_opt_in,
            voice_calls=contact.voice_calls,
            channel=channel,
        )
        point_code = _unused_point_code(point, shops=list(shops.values())) if point else ""
        to_charge = sum(item.subtotal + item.delivery_fee for item in checked)
        if status == Status.PENDING_PAYMENT and not to_charge:
            # Gift vouchers paid for everything, delivery included: no card payment to wait for
            # (Stripe refuses zero). Vouchers never pay a delivery fee, so that much is still charged.
            status = Status.PLACED
        for index, item in enumerate(checked, start=1):
            _create_shop_order(
                checkout=checkout,
                item=item,
                number=f"{checkout.reference}-{index}",
                basket=basket,
                status=status,
                pickup_code=point_code,
            )
        if status == Status.PENDING_PAYMENT:
            # Nobody is told before the card is paid (payments.intents does it then), and the
            # basket is frozen, not submitted, so it comes back if the payment is given up.
            basket.freeze()
        else:
            outbox_add_for_checkout(checkout=checkout, tell_shops=tell_shops)
            basket.submit()
    return checkout


def check_part(
    part: ShopPart, shop: Partner, choice: FulfilmentChoice | None, now: dt.datetime
) -> CheckedPart:
    """The part with its slot and fee, or a PlacementError telling the resident what to change."""
    refuse = partial(PlacementError, shop_id=shop.pk)
    names = {"shop": shop.name}
    if not shop.is_on_storefront:
        raise refuse(
            _("%(shop)s is not selling on the marketplace at the moment: please remove its items.") % names
        )
    if shop.temporarily_closed:
        raise refuse(_("%(shop)s is temporarily closed: please remove its items.") % names)
    if choice is None:
        raise refuse(_("Please choose how to get your order from %(shop)s.") % names)
    fee = Decimal("0.00")
    if choice.method == Fulfilment.DELIVERY:
        if not shop.offers_delivery or choice.address is None:
            raise refuse(_("%(shop)s does not deliver.") % names)
        try:
            fee = delivery_quote(
                shop.delivery_rules(), postcode=choice.address.postcode, subtotal=part_subtotal(part)
            ).fee
        except DeliveryRefused as refused:
            if refused.code == "postcode":
                raise refuse(
                    _("%(shop)s does not deliver to %(postcode)s: please choose pickup.")
                    % {**names, "postcode": choice.address.postcode}
                ) from refused
            raise refuse(
                _("%(shop)s delivers orders from %(minimum)s: add a little more or choose pickup.")
                % {**names, "minimum": currency(shop.delivery_minimum, "EUR")}
            ) from refused
    elif choice.method == Fulfilment.PICKUP_POINT:
        if not shop.drops_at_pickup_points or choice.point is None:
            raise refuse(
                _("%(shop)s does not drop orders at a pickup point: please choose another way.") % names
            )
        if choice.slot_start:
            products_time_refuse(part_product_rules(part), shop=shop, start=choice.slot_start, now=now)
        return CheckedPart(part=part, shop=shop, choice=choice, slot=point_slot(choice.point, choice, now))
    elif not shop.offers_click_collect:
        raise refuse(_("%(shop)s does not offer click & collect.") % names)
    slot = None
    if choice.slot_start:
        products = part_product_rules(part)
        products_time_refuse(products, shop=shop, start=choice.slot_start, now=now)
        day = choice.slot_start.astimezone(ZoneInfo(settings.TIME_ZONE)).date()
        slots = shop_slots(shop, now=now, fulfilment=choice.method, day=day, products=products)
        slot = find_slot(slots, choice.slot_start, choice.market_id)
    return CheckedPart(part=part, shop=shop, choice=choice, slot=_still_offered(slot, shop), delivery_fee=fee)


def products_time_refuse(
    products: Sequence[ProductRules], *, shop: Partner, start: dt.datetime, now: dt.datetime
) -> None:
    """A SlotUnavailable naming the first product of the part that cannot be had at `start`, and
    from when it can (a time the page did not offer: a tampered or stale form)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    for rules in products:
        reason = availability.slot_refusal(
            rules, start=start, now=now, shop_minutes=shop.preparation_minutes, zone=zone
        )
        if not reason:
            continue
        names = {"title": rules.title}
        if reason == availability.TOO_SOON:
            if not rules.availability.preparation_hours:
                continue  # the shop's own preparation time, or a time past: "no longer available"
            ready = now + dt.timedelta(minutes=lead_minutes(shop.preparation_minutes, [rules]))
            message = _(
                "“%(title)s” must be ordered %(hours)s hours ahead: please choose a time after %(ready)s."
            ) % {
                **names,
                "hours": rules.availability.preparation_hours,
                "ready": date_format(ready.astimezone(zone), "l j F H:i"),
            }
        elif reason == availability.OUTSIDE_WINDOW:
            message = _(
                "“%(title)s” is collected from %(start)s to %(end)s only: please choose a time then."
            ) % {
                **names,
                "start": date_format(rules.pickup_from.astimezone(zone), "H:i"),
                "end": date_format(rules.pickup_until.astimezone(zone), "H:i"),
            }
        else:
            # The shop's first slot for it (its hours and closures too), else the product's own first day.
            offered = shop_slots(shop, now=now, products=[rules])
            first = (
                offered[0].start.astimezone(zone).date()
                if offered
                else availability.earliest_day(
                    rules, now=now, shop_minutes=shop.preparation_minutes, zone=zone
                )
            )
            message = (
                _("“%(title)s” is not sold for %(day)s: it can be had from %(first)s.")
                % {
                    **names,
                    "day": date_format(start.astimezone(zone), "l j F"),
                    "first": date_format(first, "l j F"),
                }
                if first
                else _("“%(title)s” cannot be ordered at the moment: please remove it.") % names
            )
        raise SlotUnavailable(message, shop_id=shop.pk)


def _daily_caps_take(checked: list[CheckedPart]) -> None:
    """Count each capped product for its pickup day, or refuse naming it (orders.services)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    daily_caps_take(
        items=[
            CapItem(line.product, item.slot.start.astimezone(zone).date(), line.quantity, item.shop.pk)
            for item in checked
            for line in item.part.lines
        ]
    )


def _still_offered(slot: Slot | None, where: Partner) -> Slot:
    """The chosen slot, or a SlotUnavailable naming the shop or pickup point it was at."""
    names = {"shop": where.name}
    if slot is None:
        raise SlotUnavailable(
            _("The time chosen at %(shop)s is no longer available: please choose another one.") % names,
            shop_id=where.pk,
        )
    if slot.is_full:
        raise SlotUnavailable(
            _("The time chosen at %(shop)s is full: please choose another one.") % names, shop_id=where.pk
        )
    return slot


def point_slot(point: Partner, choice: FulfilmentChoice, now: dt.datetime) -> Slot:
    """The chosen slot at a pickup point: the point's own hours and capacity, as a shop's."""
    if not point.is_pickup_point or point.temporarily_closed or choice.slot_start is None:
        raise SlotUnavailable(
            _("%(point)s is not taking orders at the moment: please choose another way.")
            % {"point": point.name},
            shop_id=point.pk,
        )
    day = choice.slot_start.astimezone(ZoneInfo(settings.TIME_ZONE)).date()
    slots = shop_slots(point, now=now, fulfilment=Fulfilment.PICKUP_POINT, day=day)
    return _still_offered(find_slot(slots, choice.slot_start), point)


def _checked_point(checked: list[CheckedPart]) -> Partner | None:
    """The pickup point the whole checkout goes to, if chosen: all its shops, one slot, or a refusal."""
    at_point = [item for item in checked if item.choice.method == Fulfilment.PICKUP_POINT]
    if not at_point:
        return None
    one_place = len({(item.choice.point.pk, item.slot.start) for item in at_point}) == 1
    if not one_place or len(at_point) != len(checked) or len(checked) < MIN_SHOPS:
        raise PlacementError(
            _("A pickup point collects the orders of several shops together: choose it for all, or none.")
        )
    return at_point[0].choice.point


def _unused_point_code(point: Partner, *, shops: list[Partner]) -> str:
    """One code for all the checkout's orders, free at the point and at each of its shops."""
    open_orders = Order.objects.filter(Q(pickup_point=point) | Q(shop__in=shops), status__in=Status.OPEN)
    return unused_code(new_pickup_code, taken=lambda code: open_orders.filter(pickup_code=code).exists())


def _unused_pickup_code(shop: Partner) -> str:
    # The database constraint is the last word if a collision slips by between check and insert.
    open_orders = Order.objects.filter(shop=shop, status__in=Status.OPEN)
    return unused_code(new_pickup_code, taken=lambda code: open_orders.filter(pickup_code=code).exists())


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
    *, checkout: Checkout, item: CheckedPart, number: str, basket, status: str, pickup_code: str = ""
) -> Order:
    lines = item.part.lines
    excl_tax = sum((line.line_price_excl_tax_incl_discounts for line in lines), Decimal("0.00"))
    delivery = item.choice.method == Fulfilment.DELIVERY
    fee = prices.Price(currency=basket.currency, excl_tax=item.delivery_fee, incl_tax=item.delivery_fee)
    creator = OrderCreator()
    order = creator.create_order_model(
        user=checkout.user,
        basket=basket,
        shipping_address=_shipping_address(checkout, item.choice.address) if delivery else None,
        shipping_method=LocalDelivery() if delivery else PickupInStore(),
        shipping_charge=fee,
        billing_address=None,
        total=prices.Price(
            currency=basket.currency,
            excl_tax=excl_tax + item.delivery_fee,
            incl_tax=item.subtotal + item.delivery_fee,
        ),
        order_number=number,
        status=status,
        guest_email="" if checkout.user else checkout.email,
        shop=item.shop,
        checkout=checkout,
        fulfilment=item.choice.method,
        slot_start=item.slot.start,
        slot_end=item.slot.end,
        market_id=item.slot.market_id,
        # A delivery has its code too: the resident gives it to whoever brings the order.
        pickup_code=pickup_code or _unused_pickup_code(item.shop),
        pickup_point=item.choice.point,
    )
    order_voucher_discounts_record(order=order, lines=lines, basket=basket, user=checkout.user)
    # Items sold by weight keep their price per kg and portion, to be priced when weighed.
    weighings_record(pairs=[(line, creator.create_line_models(order, line)) for line in lines])
    return order
