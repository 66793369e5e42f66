"""Order operations: booking stock and slots atomically, and moving an order through its states.

Every transition is one function that locks the order, checks the move is allowed, records it
(Oscar's status change), and sends `order_transitioned` once the transaction has committed.
Views and tasks call these; nothing sets `status` by hand.
"""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce, Greatest
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from core.pagecache import storefront_changed
from orders.events import Event
from orders.exceptions import (
    InvalidTransition,
    OutOfStock,
    PlacementError,
    SlotUnavailable,
    TooManyAttempts,
    WrongPickupCode,
)
from orders.models import Checkout, Fulfilment, Order, SlotBooking, Status
from orders.outbox import outbox_add_for_point_checkout, outbox_add_for_resident, outbox_add_for_status
from orders.pickup_codes import normalise_pickup_code
from orders.pickup_point_rules import everything_arrived
from orders.signals import order_transitioned, order_trimmed
from orders.voucher_give_back import order_voucher_shares_give_back
from orders.weighing import lines_weigh, ready_refusal
from shops.models import Partner, ProductDayCount
from shops.slots import Slot

Line = get_model("order", "Line")
StockRecord = get_model("partner", "StockRecord")

# Wrong codes allowed per fifteen minutes: per order, so that a typo for one customer does not
# hold up the next, and per checker across orders, high enough for a busy counter yet far too few
# to find any of 31⁶ codes by trying them.
CODE_ATTEMPTS_PER_ORDER = 5
CODE_ATTEMPTS_PER_CHECKER = 20
CODE_ATTEMPTS_WINDOW_SECONDS = 15 * 60


# --- Booking: conditional updates, so two residents can never take the last loaf or place.


def stock_allocate(*, stockrecord: StockRecord, quantity: int) -> None:
    """Hold `quantity` for an order, or raise OutOfStock; Oscar's own `allocate` checks nothing."""
    if not stockrecord.can_track_allocations:
        return
    allocated = Coalesce(F("num_allocated"), 0)
    updated = StockRecord.objects.filter(pk=stockrecord.pk, num_in_stock__gte=allocated + quantity).update(
        num_allocated=allocated + quantity
    )
    if not updated:
        stockrecord.refresh_from_db(fields=["num_in_stock", "num_allocated"])
        raise OutOfStock(
            title=stockrecord.product.get_title(),
            available=max(stockrecord.net_stock_level or 0, 0),
            shop_id=stockrecord.partner_id,
        )
    storefront_changed()  # a queryset update sends no save signal; product pages show what is left


def slot_book(*, shop: Partner, slot: Slot, fulfilment: str) -> None:
    """Take one place in the slot, or raise SlotUnavailable when it filled up meanwhile."""
    row = {"shop": shop, "fulfilment": fulfilment, "start": slot.start}
    SlotBooking.objects.bulk_create([SlotBooking(**row)], ignore_conflicts=True)
    updated = SlotBooking.objects.filter(**row, booked__lt=slot.capacity).update(booked=F("booked") + 1)
    if not updated:
        local_start = timezone.localtime(slot.start)
        raise SlotUnavailable(
            _("The %(time)s slot at %(shop)s has just been taken: please choose another one.")
            % {"time": formats.date_format(local_start, "l j F H:i"), "shop": shop.name},
            shop_id=shop.pk,
        )


def daily_cap_take(*, product, day, quantity: int, cap: int, shop_id: int) -> None:
    """Count `quantity` of a capped product for its pickup day, or raise PlacementError when the
    day's cap would be passed: one conditional update, like stock, so the 61st croissant of a
    60-a-day cap is refused however many residents check out at once."""
    row = {"product": product, "day": day}
    ProductDayCount.objects.bulk_create([ProductDayCount(**row)], ignore_conflicts=True)
    updated = ProductDayCount.objects.filter(**row, ordered__lte=cap - quantity).update(
        ordered=F("ordered") + quantity
    )
    if updated:
        return
    left = max(cap - ProductDayCount.objects.get(**row).ordered, 0)
    names = {"title": product.get_title(), "day": formats.date_format(day, "l j F"), "left": left}
    raise PlacementError(
        _(
            "Only %(left)d more “%(title)s” can be ordered for %(day)s: "
            "please lower the quantity or choose another day."
        )
        % names
        if left
        else _("“%(title)s” is sold out for %(day)s: please choose another day.") % names,
        shop_id=shop_id,
    )


def daily_cap_release(*, order: Order, lines: list | None = None) -> None:
    """Give back what the order's lines (or these lines) counted against their products' daily caps."""
    if not order.slot_start:
        return
    day = timezone.localtime(order.slot_start).date()
    for line in lines if lines is not None else _lines_in_lock_order(order):
        if line.product_id:
            ProductDayCount.objects.filter(product_id=line.product_id, day=day).update(
                ordered=Greatest(F("ordered") - line.quantity, 0)
            )


def slot_release(*, order: Order) -> None:
    if order.slot_start:
        SlotBooking.objects.filter(
            shop_id=order.shop_id, fulfilment=order.fulfilment, start=order.slot_start, booked__gt=0
        ).update(booked=F("booked") - 1)


# --- Transitions.


def _lock(order: Order) -> Order:
    """The order's row locked for a change, in the caller's transaction.

    The orders of a pickup-point checkout change one at a time (checkout row first, then the order),
    so "has everything arrived?" always sees the other shops' last moves; every change takes the
    two locks in that order, so two changes to one order cannot deadlock.
    """
    if order.fulfilment == Fulfilment.PICKUP_POINT:
        Checkout.objects.select_for_update().filter(pk=order.checkout_id).first()
    return Order.objects.select_for_update().get(pk=order.pk)


def _move(*, order: Order, to: str) -> Order:
    with transaction.atomic():
        locked = _lock(order)
        if to not in locked.available_statuses():
            raise InvalidTransition(
                _("This order is “%(current)s” and cannot become “%(target)s”.")
                % {"current": locked.status_label, "target": Status.LABELS[to]}
            )
        if to in PREPARED and (refusal := ready_refusal(locked)):
            raise InvalidTransition(refusal)
        old = locked.status
        locked.set_status(to)
        outbox_add_for_status(order=locked, status=to)
        transaction.on_commit(
            lambda: order_transitioned.send(sender=Order, order=locked, old_status=old, new_status=to)
        )
    return locked


# The steps that say the order is prepared: its weighed items must have their real weight by then.
PREPARED = (Status.READY, Status.DROPPED, Status.OUT_FOR_DELIVERY)


def order_weigh(*, order: Order, grams: dict[int, int], actor: AbstractBaseUser | None) -> Order:
    """Enter the real weight of weighed items (line id → grams): priced at it, within the shop's
    tolerance, or InvalidTransition saying the accepted range and nothing written (orders.weighing)."""
    with transaction.atomic():
        return lines_weigh(order=_lock(order), grams=grams, actor=actor)


def order_mark_paid(*, order: Order) -> Order:
    """The card payment went through: the order waiting for it reaches its shop."""
    return _move(order=order, to=Status.PLACED)


def order_accept(*, order: Order) -> Order:
    return _move(order=order, to=Status.ACCEPTED)


def order_mark_ready(*, order: Order) -> Order:
    return _move(order=order, to=Status.READY)


def order_send_out(*, order: Order) -> Order:
    return _move(order=order, to=Status.OUT_FOR_DELIVERY)


def order_mark_dropped(*, order: Order) -> Order:
    """The shop left its order at the pickup point; the last shop's drop tells the resident."""
    with transaction.atomic():
        order = _move(order=order, to=Status.DROPPED)
        _point_tell_if_everything_arrived(order.checkout)
    return order


def _point_tell_if_everything_arrived(checkout: Checkout) -> None:
    statuses = checkout.orders.values_list("status", flat=True)
    if everything_arrived(statuses, dropped=Status.DROPPED, cancelled=Status.CANCELLED):
        outbox_add_for_point_checkout(checkout=checkout, event=Event.POINT_READY)


def _point_order_cancelled(order: Order) -> None:
    """The checkout's place at the point is freed with its last order; otherwise the rest may be all there."""
    if order.checkout.orders.filter(status__in=Status.OPEN).exists():
        _point_tell_if_everything_arrived(order.checkout)
        return
    SlotBooking.objects.filter(
        shop_id=order.pickup_point_id,
        fulfilment=Fulfilment.PICKUP_POINT,
        start=order.slot_start,
        booked__gt=0,
    ).update(booked=F("booked") - 1)


def _lines_in_lock_order(order: Order) -> list:
    """The lines still held for the order (an unavailable line's stock went back when it was removed).

    Stock rows are always locked in stock-record order, so concurrent updates cannot deadlock.
    """
    lines = order.lines.exclude(status=Status.LINE_UNAVAILABLE)
    return list(lines.select_related("stockrecord__product__product_class").order_by("stockrecord_id"))


def _consume_stock(order: Order) -> None:
    """Take what each line holds out of stock as the order leaves the shop; this never refuses.

    Oscar's `consume_allocation` raises when the merchant lowered the stock after the order was
    placed (counting the set-aside items as gone), which would block the hand-over itself. One
    conditional update per row instead: what is allocated is consumed, nothing goes below zero.
    """
    for line in _lines_in_lock_order(order):
        record = line.stockrecord
        if record is None or not record.can_track_allocations or line.allocation_cancelled:
            continue
        held = line.num_allocated
        Line.objects.filter(pk=line.pk).update(num_allocated=0)
        record.pre_save_signal()
        StockRecord.objects.filter(pk=record.pk).update(
            num_allocated=Greatest(Coalesce(F("num_allocated"), 0) - held, 0),
            num_in_stock=Greatest(Coalesce(F("num_in_stock"), 0) - held, 0),
        )
        record.refresh_from_db(fields=["num_allocated", "num_in_stock"])
        record.post_save_signal()  # Oscar's low-stock alerts, as its own consumption sends it


def order_deliver(*, order: Order, typed_code: str, checker_key: str) -> Order:
    """Hand a delivery over when the code the resident gives matches; the same rules as `order_collect`."""
    _pickup_code_check(
        expected=order.pickup_code if order.fulfilment == Fulfilment.DELIVERY else "",
        typed_code=typed_code,
        checker_key=checker_key,
        subject=f"order-{order.pk}",
    )
    with transaction.atomic():
        order = _move(order=order, to=Status.DELIVERED)
        _consume_stock(order)
    return order


def order_collect(*, order: Order, typed_code: str, checker_key: str) -> Order:
    """Hand a ready order over when the resident's code matches; wrong codes change nothing.

    `checker_key` identifies who is typing (a merchant's user id): too many wrong codes, for this
    order or overall, and they must wait, so codes cannot be found by trying them all.
    """
    _pickup_code_check(
        expected=order.pickup_code if order.fulfilment == Fulfilment.PICKUP else "",
        typed_code=typed_code,
        checker_key=checker_key,
        subject=f"order-{order.pk}",
    )
    with transaction.atomic():
        order = _move(order=order, to=Status.COLLECTED)
        _consume_stock(order)
    return order


def _pickup_code_check(*, expected: str, typed_code: str, checker_key: str, subject: str) -> None:
    """Raise unless the typed code is `expected`, the code of `subject` (an order, or a checkout at
    a pickup point); only wrong codes count, against the subject and against the checker."""
    counters = (
        (f"pickup-code-attempts:{checker_key}:{subject}", CODE_ATTEMPTS_PER_ORDER),
        (f"pickup-code-attempts:{checker_key}", CODE_ATTEMPTS_PER_CHECKER),
    )
    if any(cache.get(key, 0) >= allowed for key, allowed in counters):
        raise TooManyAttempts(_("Too many wrong codes: please wait a few minutes and try again."))
    if not expected or normalise_pickup_code(typed_code) != expected:
        for key, _allowed in counters:
            _count_wrong_code(key)
        raise WrongPickupCode(_("This code does not match the order: nothing was changed."))


def _count_wrong_code(key: str) -> None:
    """One more wrong code in the window that the first one opened."""
    if cache.add(key, 1, CODE_ATTEMPTS_WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:  # the window closed between the two calls: this code opens the next one
        cache.add(key, 1, CODE_ATTEMPTS_WINDOW_SECONDS)


def checkout_collect_at_point(
    *, checkout: Checkout, point: Partner, typed_code: str, checker_key: str
) -> list[Order]:
    """Hand every order of a checkout over at the pickup point, once all are there and the code matches.

    The same code rules as at a shop's counter (order_collect): wrong codes change nothing and count.
    """
    orders = list(checkout.orders.filter(pickup_point=point).exclude(status=Status.CANCELLED).order_by("pk"))
    _pickup_code_check(
        expected=orders[0].pickup_code if orders else "",
        typed_code=typed_code,
        checker_key=checker_key,
        subject=f"checkout-{checkout.pk}",
    )
    if any(order.status != Status.DROPPED for order in orders):
        raise InvalidTransition(_("Not every shop has dropped its order yet: nothing was handed over."))
    with transaction.atomic():
        collected = [_move(order=order, to=Status.COLLECTED) for order in orders]
        for order in collected:
            _consume_stock(order)
    return collected


def order_cancel(*, order: Order, reason: str, actor: AbstractBaseUser | None) -> Order:
    """Cancel with a reason, releasing the order's stock and its place in the slot, and giving the
    resident back what gift vouchers paid of it (orders.voucher_give_back)."""
    if not reason.strip():
        raise InvalidTransition(_("Please give a reason for the cancellation."))
    with transaction.atomic():
        never_paid = _lock(order).status == Status.PENDING_PAYMENT
        order = _move(order=order, to=Status.CANCELLED)
        # In this transaction, so a voucher cannot stay spent if the process stops after its commit.
        order_voucher_shares_give_back(order=order, never_paid=never_paid)
        order.cancellation_reason = reason.strip()
        order.cancelled_by = actor if actor and actor.is_authenticated else None
        order.save(update_fields=["cancellation_reason", "cancelled_by"])
        held_lines = _lines_in_lock_order(order)
        for line in held_lines:
            line.cancel_allocation(line.quantity)
        daily_cap_release(order=order, lines=held_lines)
        if order.fulfilment == Fulfilment.PICKUP_POINT:
            _point_order_cancelled(order)  # the point's slot is the checkout's, freed with its last order
        else:
            slot_release(order=order)
    return order


# Until the merchant accepts, nothing has been prepared: the resident may cancel alone.
RESIDENT_CANCELLABLE = (Status.PENDING_PAYMENT, Status.PLACED)


def order_cancel_by_resident(*, order: Order, actor: AbstractBaseUser | None) -> Order:
    """The resident cancels their order, unless the shop has accepted it.

    Checked under the order's lock: an acceptance a moment earlier wins, never a cancellation of an
    order the shop has started on.
    """
    with transaction.atomic():
        if _lock(order).status not in RESIDENT_CANCELLABLE:
            raise InvalidTransition(
                _("The shop has already accepted this order: please call them to cancel.")
            )
        return order_cancel(order=order, reason=_("Cancelled by the customer"), actor=actor)


def order_line_mark_unavailable(*, order: Order, line_id: int, reason: str, actor: AbstractBaseUser) -> Order:
    """Remove a line the shop cannot supply: release its stock, lower the total, note why.

    When no line is left, the order is cancelled with the same reason.
    """
    if not reason.strip():
        raise InvalidTransition(_("Please say why the item is unavailable."))
    with transaction.atomic():
        order = _lock(order)
        if order.status not in (Status.PENDING_PAYMENT, Status.PLACED, Status.ACCEPTED):
            raise InvalidTransition(_("Items can only be removed before the order is ready."))
        line = order.lines.select_related("stockrecord__product__product_class").get(pk=line_id)
        if line.status == Status.LINE_UNAVAILABLE:
            raise InvalidTransition(_("This item is already marked unavailable."))
        line.cancel_allocation(line.quantity)
        daily_cap_release(order=order, lines=[line])
        line.status = Status.LINE_UNAVAILABLE
        line.save(update_fields=["status"])
        kept = order.lines.exclude(status=Status.LINE_UNAVAILABLE)
        # The delivery fee stays: the rest of the order is still delivered.
        order.total_incl_tax = order.shipping_incl_tax + sum(
            (kept_line.line_price_incl_tax for kept_line in kept), Decimal("0.00")
        )
        order.total_excl_tax = order.shipping_excl_tax + sum(
            (kept_line.line_price_excl_tax for kept_line in kept), Decimal("0.00")
        )
        order.save(update_fields=["total_incl_tax", "total_excl_tax"])
        order.notes.create(
            user=actor,
            note_type="System",
            message=_("%(quantity)d × %(title)s unavailable: %(reason)s")
            % {"quantity": line.quantity, "title": line.title, "reason": reason.strip()},
        )
        if not kept.exists():
            return order_cancel(order=order, reason=reason, actor=actor)
        order_voucher_shares_give_back(order=order)  # what a voucher paid of the line comes back
        outbox_add_for_resident(order=order, event=Event.ORDER_ITEMS_UNAVAILABLE, about=f"line-{line.pk}")
        transaction.on_commit(lambda: order_trimmed.send(sender=Order, order=order))
    return order
