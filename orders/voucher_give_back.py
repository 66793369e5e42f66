"""Giving gift-voucher shares back to the resident when the shop does not supply what they paid for
(DESIGN.md, "Nobody stranded"). One function, `order_voucher_shares_give_back`, called in the change's
transaction by `order_cancel` (so by every cancellation: the resident's, the shop's, stranded orders',
the automatic ones) and whenever items are taken off an order."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone
from oscar.core.loading import get_model

from orders.models import NOT_SUPPLIED, Order, VoucherGiveBack, voucher_shares
from vouchers.services import order_vouchers_release, voucher_reissue, voucher_use_undo

Voucher = get_model("voucher", "Voucher")
VoucherApplication = get_model("voucher", "VoucherApplication")

ZERO = Decimal("0.00")


def order_voucher_shares_give_back(
    *, order: Order, never_paid: bool = False, now: dt.datetime | None = None
) -> list[VoucherGiveBack]:
    """Give back what each voucher paid of this order's lines not supplied and not given back yet.

    Call with the order locked, once its status or lines say what is not supplied. A card checkout
    never paid gives its vouchers back whole, as it gives the basket back. Otherwise the resident's
    own voucher becomes usable again when this order alone spent it and all of its share comes back;
    else a new voucher for the share (a voucher gives no change, so another shop's share stays spent).
    """
    if never_paid:
        order_vouchers_release(order=order)
        return []
    now = now or timezone.now()
    given = []
    for discount in order.discounts.filter(voucher_id__isnull=False).order_by("pk"):
        not_supplied = (
            voucher_shares()
            .filter(order_discount=discount)
            .filter(NOT_SUPPLIED)
            .aggregate(total=Sum("amount", default=ZERO))["total"]
        )
        already = order.voucher_give_backs.filter(voucher_code=discount.voucher_code).aggregate(
            total=Sum("amount", default=ZERO)
        )["total"]
        due = not_supplied - already
        if due <= 0:
            continue
        voucher = Voucher.objects.select_for_update().filter(pk=discount.voucher_id).first()
        if voucher is None:  # deleted by the town hall since: nothing to make usable again
            continue
        spent_elsewhere = VoucherApplication.objects.filter(voucher=voucher).exclude(order=order).exists()
        given_back_before = VoucherGiveBack.objects.filter(voucher_code=voucher.code).exists()
        if due == discount.amount and not spent_elsewhere and not given_back_before:
            voucher_use_undo(order=order, discount=discount)
            new_voucher = None
        else:
            new_voucher = voucher_reissue(original=voucher, amount=due, now=now)
        given.append(
            VoucherGiveBack.objects.create(
                order=order, voucher_code=voucher.code, amount=due, new_voucher=new_voucher, created_at=now
            )
        )
    return given
