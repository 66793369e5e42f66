"""Ordering for a person not online: the one way a town agent or a relative places an order for them.

The order goes through the merchant's phone order (`phone_order_place`, a checkout like any other),
with the person's name and phone, their way of being told (a voice call to a landline, a text to a
mobile, or nothing by phone when a printed summary is handed over), and their address when it is
delivered. The email copy goes to whoever ordered, who passes it on. A second identical order the
same day (same person, same shop, same lines) is most often a double entry: it is refused with
`RepeatOrder` unless the caller confirms it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import phonenumbers
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from checkout.models import BehalfCheckout, OfflineResident
from checkout.services import phone_order_place
from orders.models import Fulfilment, Order, Status
from orders.placement import Contact, DeliveryAddress, FulfilmentChoice
from shops.models import Partner

Product = get_model("catalogue", "Product")


class RepeatOrder(Exception):
    """The same order was already placed for this person today; `order` is that order."""

    def __init__(self, order: Order) -> None:
        super().__init__(order.number)
        self.order = order


class PhoneNumberInvalid(ValueError):
    pass


def phone_normalise(raw: str) -> str:
    """A French number as typed ("01 30 24 55 10", "06.12…", "+33 6…") in E.164 ("+33130245510")."""
    try:
        number = phonenumbers.parse(raw, "FR")
    except phonenumbers.NumberParseException as error:
        raise PhoneNumberInvalid(raw) from error
    if not phonenumbers.is_valid_number(number):
        raise PhoneNumberInvalid(raw)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_is_mobile(phone: str) -> bool:
    """Whether a text message can reach this number (a mobile, not a landline)."""
    try:
        number = phonenumbers.parse(phone, "FR")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.number_type(number) in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )


def behalf_contact(*, resident: OfflineResident, placed_by: Any) -> Contact:
    """Who the checkout is for and how they are told: the person's phone, by voice or text as they
    chose; the email copy to whoever ordered."""
    return Contact(
        email=placed_by.email,
        phone=resident.phone,
        first_name=resident.first_name,
        last_name=resident.last_name,
        sms_opt_in=resident.preferred_contact == OfflineResident.Contact.SMS,
        voice_calls=resident.preferred_contact == OfflineResident.Contact.VOICE,
    )


def behalf_delivery_address(resident: OfflineResident) -> DeliveryAddress:
    return DeliveryAddress(line1=resident.line1, postcode=resident.postcode, city=resident.city)


def lines_key(items: Iterable[tuple[Any, int]]) -> frozenset[tuple[int, int]]:
    """An order's lines as (product id, quantity) pairs, summed per product: what "identical" compares."""
    totals: dict[int, int] = {}
    for product, quantity in items:
        product_id = product if isinstance(product, int) else product.pk
        totals[product_id] = totals.get(product_id, 0) + quantity
    return frozenset(totals.items())


def same_order_today(
    *, resident: OfflineResident, shop: Partner, items: Iterable[tuple[Any, int]], now: dt.datetime
) -> Order | None:
    """An order placed today (local day) for this person at this shop with exactly these lines, not
    cancelled; None when there is none."""
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    wanted = lines_key(items)
    orders = (
        Order.objects.filter(
            shop=shop,
            checkout__behalf__resident=resident,
            checkout__behalf__created_at__gte=midnight,
        )
        .exclude(status=Status.CANCELLED)
        .prefetch_related("lines")
        .order_by("-date_placed")
    )
    for order in orders:
        if lines_key((line.product_id, line.quantity) for line in order.lines.all()) == wanted:
            return order
    return None


def behalf_order_place(
    *,
    resident: OfflineResident,
    shop: Partner,
    items: list[tuple[Any, int]],
    choice: FulfilmentChoice,
    placed_by: Any,
    repeat_confirmed: bool = False,
    now: dt.datetime | None = None,
) -> Order:
    """Place `items` of `shop` for `resident`; raises RepeatOrder (having written nothing) when the
    same order was placed today and `repeat_confirmed` is not set, PlacementError as any checkout."""
    now = now or timezone.now()
    if choice.method == Fulfilment.DELIVERY:
        choice = FulfilmentChoice(
            method=Fulfilment.DELIVERY,
            slot_start=choice.slot_start,
            address=behalf_delivery_address(resident),
        )
    with transaction.atomic():
        # One person's orders are placed one at a time, so two agents keying the same form in at
        # once cannot both miss each other's order.
        OfflineResident.objects.select_for_update().filter(pk=resident.pk).first()
        if not repeat_confirmed:
            earlier = same_order_today(resident=resident, shop=shop, items=items, now=now)
            if earlier is not None:
                raise RepeatOrder(earlier)
        order = phone_order_place(
            shop=shop,
            items=items,
            choice=choice,
            contact=behalf_contact(resident=resident, placed_by=placed_by),
        )
        BehalfCheckout.objects.create(
            checkout=order.checkout, resident=resident, placed_by=placed_by, created_at=now
        )
    return order


def how_they_are_told(resident: OfflineResident) -> str:
    """One sentence for the summary: how the person will hear that their order is ready."""
    if resident.preferred_contact == OfflineResident.Contact.VOICE:
        return _("A voice call to %(phone)s reads them each message.") % {"phone": resident.phone}
    if resident.preferred_contact == OfflineResident.Contact.SMS:
        return _("A text message to %(phone)s tells them each step.") % {"phone": resident.phone}
    return _("Nothing is sent to them by phone: hand them this printed summary.")
