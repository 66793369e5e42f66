"""The resident changing an order before the shop starts on it: another slot, other quantities.

One rule, `can_change`, decides for every entry point (the tracking page's buttons, the change pages'
GET and POST, these services under the order's lock): until the shop accepts the order, or until the
cut-off the shop set (`Partner.change_cutoff_hours`, hours before the order's time), or whenever the
shop asked the resident to choose another time (orders.stranded: "move them"). The merchant is
told of each change through the outbox ("commande modifiée") and sees it on the board.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model
from oscar.templatetags.currency_filters import currency

from orders.events import Event
from orders.exceptions import InvalidTransition, SlotUnavailable
from orders.models import Fulfilment, Order, Status
from orders.outbox import outbox_add_for_merchant
from orders.placement import shop_slots
from orders.services import (
    CapItem,
    _lines_in_lock_order,
    _lock,
    daily_cap_release,
    daily_caps_take,
    slot_book,
    slot_release,
    stock_allocate,
)
from orders.signals import order_trimmed
from orders.slot_choices import MARKET_SEPARATOR, parse_slot_value
from orders.voucher_give_back import order_voucher_shares_give_back
from shops.delivery import DeliveryRefused, delivery_quote
from shops.product_rules import ProductRules, product_rules
from shops.slots import find_slot

Line = get_model("order", "Line")
OrderLineDiscount = get_model("order", "OrderLineDiscount")

# Before the shop accepts, nothing is prepared yet. A card payment still going through is not changed.
CHANGEABLE = (Status.PLACED,)
# With a cut-off set by the shop, an accepted order too: nothing is prepared so long before its time.
CHANGEABLE_BEFORE_CUTOFF = (Status.PLACED, Status.ACCEPTED)
# An order whose time the shop can no longer keep may be moved whatever the shop has done with it.
RESCHEDULABLE = (Status.PENDING_PAYMENT, Status.PLACED, Status.ACCEPTED, Status.READY)
# A pickup point's slot is the whole checkout's: never changed for one shop's order.
OWN_SLOT = (Fulfilment.PICKUP, Fulfilment.DELIVERY)
# A line the resident took off (split from its line as not supplied, so the refund and the voucher
# share follow the rules of items the shop took off), marked in Oscar's partner notes.
REMOVED_BY_RESIDENT = "removed-by-resident"


def can_change(order: Order, now: dt.datetime) -> bool:
    """Whether the resident may still change the order's time (pure: reads the order and its shop)."""
    if order.fulfilment not in OWN_SLOT:
        return False
    if order.reschedule_asked_at is not None and order.status in RESCHEDULABLE:
        return True
    return _in_change_window(order, now)


def can_change_quantities(order: Order, now: dt.datetime) -> bool:
    """Quantities change only in the shop's ordinary window: moving an order is about its time."""
    return order.fulfilment in OWN_SLOT and _in_change_window(order, now)


def _in_change_window(order: Order, now: dt.datetime) -> bool:
    """Until the shop accepts; or, when the shop set a cut-off, accepted or not until that many hours
    before the order's time."""
    if order.slot_start is None or order.slot_start <= now:
        return False
    cutoff = order.shop.change_cutoff_hours if order.shop_id else None
    if cutoff is None:
        return order.status in CHANGEABLE
    return order.status in CHANGEABLE_BEFORE_CUTOFF and now <= order.slot_start - dt.timedelta(hours=cutoff)


def change_refusal() -> InvalidTransition:
    return InvalidTransition(
        _("The shop has already started on this order: it can no longer be changed. Please call them.")
    )


def _local(moment: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "l j F H:i")


def order_slot_change(
    *, order: Order, slot_value: str, actor: AbstractBaseUser | None, now: dt.datetime | None = None
) -> Order:
    """Move the order to another slot the shop offers now: the new place booked, the old one freed,
    the stock kept, the shop told. Raises InvalidTransition (too late) or SlotUnavailable (taken)."""
    now = now or timezone.now()
    start_value, _sep, market = slot_value.partition(MARKET_SEPARATOR)
    try:
        start = parse_slot_value(start_value)
        market_id = int(market) if market else None
    except ValueError:
        raise SlotUnavailable(
            _("This time is no longer available: please choose another."), shop_id=0
        ) from None
    with transaction.atomic():
        locked = _lock(order)
        if not can_change(locked, now):
            raise change_refusal()
        if market_id is not None and locked.fulfilment != Fulfilment.PICKUP:
            market_id = None  # a delivery is never at a market stall
        shop = locked.shop
        day = start.astimezone(ZoneInfo(settings.TIME_ZONE)).date()
        lines = _lines_in_lock_order(locked)
        offered = shop_slots(
            shop, now=now, fulfilment=locked.fulfilment, day=day, products=order_product_rules(lines)
        )
        slot = find_slot(offered, start, market_id)
        if slot is None or slot.is_full:
            raise SlotUnavailable(
                _("The time chosen at %(shop)s is no longer available: please choose another one.")
                % {"shop": shop.name},
                shop_id=shop.pk,
            )
        if slot.start == locked.slot_start and slot.market_id == locked.market_id:
            raise SlotUnavailable(_("This is already your time: choose another one."), shop_id=shop.pk)
        old_start = locked.slot_start
        slot_book(shop=shop, slot=slot, fulfilment=locked.fulfilment)
        slot_release(order=locked)
        if (timezone.localtime(old_start).date() if old_start else None) != day:
            # What the order counts against its products' daily caps moves to the new day.
            daily_cap_release(order=locked, lines=lines)
            daily_caps_take(items=[CapItem(line.product, day, line.quantity, shop.pk) for line in lines])
        locked.slot_start, locked.slot_end, locked.market_id = slot.start, slot.end, slot.market_id
        locked.reschedule_asked_at = None
        locked.changed_by_resident_at = now
        locked.save(
            update_fields=[
                "slot_start",
                "slot_end",
                "market",
                "reschedule_asked_at",
                "changed_by_resident_at",
            ]
        )
        message = _("Time changed by the customer: %(old)s → %(new)s") % {
            "old": _local(old_start) if old_start else "—",
            "new": _local(slot.start),
        }
        locked.notes.create(user=_user(actor), note_type="System", message=message)
        outbox_add_for_merchant(
            order=locked, event=Event.MERCHANT_ORDER_CHANGED, about=f"{now.timestamp():.0f}"
        )
    return locked


def order_product_rules(lines: list) -> list[ProductRules]:
    """The rules of the products an order holds (availability days, preparation, quick offers), so
    another time offered for it is one every item can be had at, as at checkout."""
    return [product_rules(line.product) for line in lines if line.product is not None]


def order_quantities_change(
    *,
    order: Order,
    quantities: dict[int, int],
    actor: AbstractBaseUser | None,
    now: dt.datetime | None = None,
) -> Order:
    """Set the quantity of each of the order's lines (`quantities`: line id → new quantity, 0 removes it).

    A weighed item is kept as it is or taken off whole. Lower: the removed items are split off as a
    line not supplied, so their stock goes back, a card payment is refunded for them and a gift
    voucher's share of them comes back, by the same paths as an item the shop takes off. Higher:
    stock held first (or OutOfStock), only when paid at the shop: a card payment cannot take more
    than it authorised. Everything in one transaction or nothing.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = _lock(order)
        if not can_change_quantities(locked, now):
            raise change_refusal()
        paid_by_card = getattr(locked.checkout, "payment", None) is not None if locked.checkout else False
        lines = {line.pk: line for line in _lines_in_lock_order(locked)}
        wanted = {line_id: quantity for line_id, quantity in quantities.items() if line_id in lines}
        if any(quantity < 0 for quantity in wanted.values()):
            raise InvalidTransition(_("A quantity cannot be negative."))
        if all(wanted.get(pk, line.quantity) == 0 for pk, line in lines.items()):
            raise InvalidTransition(_("To take everything off, cancel the order instead."))
        changes, removed_any = [], False
        for line_id, line in lines.items():
            new = wanted.get(line_id, line.quantity)
            if new == line.quantity:
                continue
            if _is_weighed(line) and new != 0:
                # Its estimate is what a card authorised and what the weighing is checked against.
                raise InvalidTransition(
                    _(
                        "“%(title)s” is sold by weight: you can take it off (0), "
                        "or call the shop to change how much."
                    )
                    % {"title": line.title}
                )
            if new > line.quantity and paid_by_card:
                raise InvalidTransition(
                    _(
                        "This order is paid by card: you can lower quantities, not raise them. "
                        "Place a new order for more."
                    )
                )
            changes.append(f"{line.title}: {line.quantity} → {new}")
            if new > line.quantity:
                day = timezone.localtime(locked.slot_start).date()
                daily_caps_take(items=[CapItem(line.product, day, new - line.quantity, locked.shop_id)])
                _line_raise(line, new - line.quantity)
            else:
                removed = _line_lower(line, line.quantity - new)
                daily_cap_release(order=locked, lines=[removed])
                removed_any = True
        if not changes:
            raise InvalidTransition(_("Nothing was changed."))
        kept = list(locked.lines.exclude(status=Status.LINE_UNAVAILABLE))
        if locked.fulfilment == Fulfilment.DELIVERY:
            _delivery_fee_follow(locked, sum((line.line_price_incl_tax for line in kept), Decimal("0.00")))
        locked.total_incl_tax = locked.shipping_incl_tax + sum(
            (line.line_price_incl_tax for line in kept), Decimal("0.00")
        )
        locked.total_excl_tax = locked.shipping_excl_tax + sum(
            (line.line_price_excl_tax for line in kept), Decimal("0.00")
        )
        locked.changed_by_resident_at = now
        locked.save(update_fields=["total_incl_tax", "total_excl_tax", "changed_by_resident_at"])
        locked.notes.create(
            user=_user(actor),
            note_type="System",
            message=_("Quantities changed by the customer: %(changes)s") % {"changes": "; ".join(changes)},
        )
        if removed_any:
            order_voucher_shares_give_back(order=locked, now=now)
            transaction.on_commit(lambda: order_trimmed.send(sender=Order, order=locked))  # the card refund
        outbox_add_for_merchant(
            order=locked, event=Event.MERCHANT_ORDER_CHANGED, about=f"{now.timestamp():.0f}"
        )
    return locked


def _delivery_fee_follow(order: Order, subtotal: Decimal) -> None:
    """The shop's delivery rules (shops.delivery) on the changed order: under its minimum, or under the
    amount from which it delivers free when this order went free, the change is refused (a fee cannot
    be added to what was paid); over it, a fee the order paid goes."""
    shop = order.shop
    names = {"shop": shop.name}
    try:
        fee = delivery_quote(
            shop.delivery_rules(), postcode=order.shipping_address.postcode, subtotal=subtotal
        ).fee
    except DeliveryRefused as refused:
        if refused.code != "minimum":
            return  # the postcode was checked when the order was placed: the rules changed since
        raise InvalidTransition(
            _("%(shop)s delivers orders from %(minimum)s: keep a little more, or cancel the order.")
            % {**names, "minimum": currency(shop.delivery_minimum, "EUR")}
        ) from refused
    if fee > order.shipping_incl_tax and shop.delivery_free_from is not None:
        raise InvalidTransition(
            _("%(shop)s delivers free from %(amount)s: keep at least that much, or cancel the order.")
            % {**names, "amount": currency(shop.delivery_free_from, "EUR")}
        )
    if fee < order.shipping_incl_tax:
        order.shipping_incl_tax = order.shipping_excl_tax = fee
        order.save(update_fields=["shipping_incl_tax", "shipping_excl_tax"])


def _is_weighed(line) -> bool:
    """Sold by weight (orders.weighing_models.LineWeighing on the line)."""
    try:
        return line.weighing is not None
    except AttributeError:  # Django's RelatedObjectDoesNotExist: a counted item
        return False


def _user(actor: AbstractBaseUser | None) -> AbstractBaseUser | None:
    return actor if actor is not None and actor.is_authenticated else None


def _line_raise(line, more: int) -> None:
    """More of a line: the stock held first (OutOfStock when there is not enough), then the prices."""
    if line.stockrecord is not None:
        stock_allocate(stockrecord=line.stockrecord, quantity=more)
    for field in ("line_price_incl_tax", "line_price_before_discounts_incl_tax"):
        setattr(line, field, getattr(line, field) + line.unit_price_incl_tax * more)
    for field in ("line_price_excl_tax", "line_price_before_discounts_excl_tax"):
        setattr(line, field, getattr(line, field) + (line.unit_price_excl_tax or Decimal("0.00")) * more)
    line.quantity += more
    line.num_allocated = (line.num_allocated or 0) + more
    line.allocation_cancelled = False
    line.save()


def _line_lower(line, fewer: int):
    """Fewer of a line: `fewer` items split off as a line not supplied, with their share of the price
    and of any voucher."""
    if fewer == line.quantity:  # the whole line off: it is the line not supplied
        line.cancel_allocation(fewer)
        line.status, line.partner_line_notes = Status.LINE_UNAVAILABLE, REMOVED_BY_RESIDENT
        line.save(update_fields=["status", "partner_line_notes"])
        return line
    ratio = Decimal(fewer) / Decimal(line.quantity)
    line.cancel_allocation(fewer)
    removed = Line.objects.get(pk=line.pk)
    removed.pk = None
    removed.quantity = fewer
    removed.status = Status.LINE_UNAVAILABLE
    removed.partner_line_notes = REMOVED_BY_RESIDENT
    removed.num_allocated = 0
    removed.allocation_cancelled = True
    money = (
        "line_price_incl_tax",
        "line_price_excl_tax",
        "line_price_before_discounts_incl_tax",
        "line_price_before_discounts_excl_tax",
    )
    for field in money:
        part = (getattr(line, field) * ratio).quantize(Decimal("0.01"))
        setattr(removed, field, part)
        setattr(line, field, getattr(line, field) - part)
    removed.save()
    line.quantity -= fewer
    line.save()
    for share in OrderLineDiscount.objects.filter(line=line):
        part = (share.amount * ratio).quantize(Decimal("0.01"))
        if part:
            OrderLineDiscount.objects.create(
                line=removed, order_discount=share.order_discount, is_incl_tax=share.is_incl_tax, amount=part
            )
            share.amount -= part
            share.save(update_fields=["amount"])
    return removed
