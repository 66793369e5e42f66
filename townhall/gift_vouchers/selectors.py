"""What the town hall reads about gift vouchers: issued, spent and left, and what each shop is owed.

What counts (a fixed number of queries, aggregated by the database):
- issued: vouchers of a fixed amount created in the period, at their face value;
- spent: the voucher discounts of the orders placed in the period, as each shop's order carries
  its share; orders waiting for their card payment are left out (not sold yet);
- owed to a shop: its spent share on the items it handed over; the share of a cancelled order, or
  of an item the shop could not supply, stays spent (a voucher gives nothing back) but is owed to
  nobody, so it is shown apart;
- left: today, the face value of vouchers still valid and never used.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, QuerySet, Sum
from django.utils import timezone
from oscar.core.loading import get_model

from core.periods import Period
from orders.models import NOT_SUPPLIED, Status, voucher_shares

Benefit = get_model("offer", "Benefit")
OrderDiscount = get_model("order", "OrderDiscount")
Voucher = get_model("voucher", "Voucher")
VoucherApplication = get_model("voucher", "VoucherApplication")

ZERO = Decimal("0.00")


def _gift_vouchers() -> QuerySet:
    """Vouchers of a fixed amount: those the town issues (a percentage one has no face value)."""
    return Voucher.objects.filter(offers__benefit__type=Benefit.FIXED)


def _face_value() -> Sum:
    return Sum("offers__benefit__value", default=ZERO)


def voucher_discounts(period: Period) -> QuerySet:
    """Voucher shares of the orders placed in the period, still held by their orders."""
    return (
        OrderDiscount.objects.filter(
            voucher_id__isnull=False,
            order__date_placed__gte=period.since,
            order__date_placed__lt=period.until,
        )
        .exclude(order__status=Status.PENDING_PAYMENT)
        # A never-paid checkout gave its vouchers back: its shares are not spent.
        .filter(
            Exists(
                VoucherApplication.objects.filter(order=OuterRef("order"), voucher_id=OuterRef("voucher_id"))
            )
        )
    )


def voucher_line_shares(period: Period) -> QuerySet:
    """Each order line's part of those voucher discounts (Oscar's OrderLineDiscount)."""
    return voucher_shares().filter(order_discount__in=voucher_discounts(period))


def shops_owed(period: Period) -> list[dict]:
    """Per shop, by name: orders paid partly by vouchers, the value owed, and the share owed to nobody."""
    rows = (
        voucher_line_shares(period)
        .values("line__order__shop", "line__order__shop__name")
        .annotate(
            orders=Count("line__order", filter=~NOT_SUPPLIED, distinct=True),
            owed=Sum("amount", filter=~NOT_SUPPLIED, default=ZERO),
            cancelled=Sum("amount", filter=NOT_SUPPLIED, default=ZERO),
        )
        .order_by("line__order__shop__name")
    )
    return [
        {
            "shop_id": row["line__order__shop"],
            "name": row["line__order__shop__name"],
            **{key: row[key] for key in ("orders", "owed", "cancelled")},
        }
        for row in rows
    ]


def summary(period: Period) -> dict:
    """Issued in the period (count, value), spent in the period, and what is left to spend today."""
    issued = (
        _gift_vouchers()
        .filter(date_created__gte=period.since, date_created__lt=period.until)
        .aggregate(count=Count("pk", distinct=True), value=_face_value())
    )
    spent = voucher_line_shares(period).aggregate(
        value=Sum("amount", filter=~NOT_SUPPLIED, default=ZERO),
        cancelled=Sum("amount", filter=NOT_SUPPLIED, default=ZERO),
    )
    left = (
        _gift_vouchers()
        .filter(end_datetime__gte=timezone.now())
        .exclude(Exists(VoucherApplication.objects.filter(voucher=OuterRef("pk"))))
        .aggregate(count=Count("pk", distinct=True), value=_face_value())
    )
    return {
        "issued_count": issued["count"],
        "issued_value": issued["value"],
        "spent_value": spent["value"],
        "cancelled_value": spent["cancelled"],
        "left_count": left["count"],
        "left_value": left["value"],
    }
