"""Order lines sold by weight: recorded as placed (an estimate), weighed by the shop when preparing, and
priced then at their real weight, within the shop's tolerance (DESIGN.md "Sold by weight").

`weighings_record` is called by placement, `lines_weigh` by `orders.services.order_weigh` under the
order's lock; `unweighed_lines` is what the ready step checks (no order leaves the shop unweighed).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.templatetags.currency_filters import currency

from orders.exceptions import InvalidTransition
from orders.models import Order, Status
from orders.weighing_models import LineWeighing
from shops.weighing import Weighed, WeightRefused, grams_text, real_weight_check

ZERO = Decimal("0.00")
# Weights are entered while preparing, before the order is ready (then it is priced and, by card, charged).
WEIGHABLE = (Status.PENDING_PAYMENT, Status.PLACED, Status.ACCEPTED)


def weighings_record(*, pairs: Iterable[tuple[object, object]]) -> None:
    """Record the weighed lines among (basket line, order line) pairs just placed: price per kg
    (the stock record's price) and portion, with the line's price as the estimate."""
    rows = []
    for basket_line, order_line in pairs:
        details = getattr(basket_line.product, "details", None)
        if details is None or not details.sold_by_weight:
            continue
        rows.append(
            LineWeighing(
                line=order_line,
                price_per_kg=basket_line.stockrecord.price,
                piece_grams=details.piece_grams,
                estimated_price=order_line.line_price_before_discounts_incl_tax,
            )
        )
    LineWeighing.objects.bulk_create(rows)


def line_awaits_weighing(line) -> bool:
    """An order line sold by weight that the order still holds and that has no real weight yet: its
    price, and so its order's total, is an estimate."""
    weighing = getattr(line, "weighing", None)  # an order line sold by weight has one
    return weighing is not None and weighing.real_grams is None and line.status != Status.LINE_UNAVAILABLE


def order_awaits_weighing(order: Order) -> bool:
    """Some item the order still holds is sold by weight and not weighed yet: its total is an estimate."""
    if "lines" in getattr(order, "_prefetched_objects_cache", {}):
        return any(line_awaits_weighing(line) for line in order.lines.all())
    # Not read with its lines (a message about one order): one query, not one per line.
    return (
        LineWeighing.objects.filter(line__order=order, real_grams__isnull=True)
        .exclude(line__status=Status.LINE_UNAVAILABLE)
        .exists()
    )


def weighed_lines(order: Order) -> list:
    """The order's lines sold by weight that it still holds (an unavailable one is not weighed)."""
    return list(
        order.lines.exclude(status=Status.LINE_UNAVAILABLE)
        .filter(weighing__isnull=False)
        .select_related("weighing")
        .order_by("pk")
    )


def unweighed_lines(order: Order) -> list:
    return [line for line in weighed_lines(order) if line_awaits_weighing(line)]


def ready_refusal(order: Order) -> str:
    """Why the order cannot be ready yet ("" when it can): a weighed item has no real weight."""
    missing = unweighed_lines(order)
    if not missing:
        return ""
    return _("Weigh first: enter the real weight of %(items)s.") % {
        "items": ", ".join(line.title for line in missing)
    }


def lines_weigh(*, order: Order, grams: Mapping[int, int], actor: AbstractBaseUser | None) -> Order:
    """Record the real weight of the order's weighed lines (line id → grams) and price them at it.

    `order` is locked by the caller. Every weight is checked before anything is written: a weight
    outside the shop's tolerance raises InvalidTransition naming the item and the accepted range.
    The line keeps any gift-voucher discount it had; the order's total follows (delivery fee kept).
    """
    if order.status not in WEIGHABLE:
        raise InvalidTransition(_("Weights are entered before the order is ready."))
    lines = {line.pk: line for line in weighed_lines(order)}
    tolerance = order.shop.weight_tolerance_percent
    for line_id, real in grams.items():
        line = lines.get(line_id)
        if line is None:
            raise InvalidTransition(_("This item is not sold by weight, or no longer in the order."))
        try:
            real_weight_check(
                line.weighing.weighed(line.quantity),
                real_grams=real,
                tolerance_percent=tolerance,
                title=line.title,
            )
        except WeightRefused as refused:
            raise InvalidTransition(str(refused)) from refused
    now = timezone.now()
    for line_id, real in grams.items():
        _line_price_at_weight(lines[line_id], real_grams=real, when=now)
    kept = list(order.lines.exclude(status=Status.LINE_UNAVAILABLE))
    order.total_incl_tax = order.shipping_incl_tax + sum((line.line_price_incl_tax for line in kept), ZERO)
    order.total_excl_tax = order.shipping_excl_tax + sum((line.line_price_excl_tax for line in kept), ZERO)
    order.save(update_fields=["total_incl_tax", "total_excl_tax"])
    for line_id, real in grams.items():
        line = lines[line_id]
        order.notes.create(
            user=actor if actor and actor.is_authenticated else None,
            note_type="System",
            message=_("%(title)s weighed %(weight)s: %(price)s (estimate %(estimate)s)")
            % {
                "title": line.title,
                "weight": grams_text(real),
                "price": currency(line.weighing.real_price, order.currency),
                "estimate": currency(line.weighing.estimated_price, order.currency),
            },
        )
    return order


def _line_price_at_weight(line, *, real_grams: int, when) -> None:
    weighing = line.weighing
    weighing.real_grams = real_grams
    weighing.weighed_at = when
    weighing.save(update_fields=["real_grams", "weighed_at"])
    real = weighing.real_price
    discount = line.line_price_before_discounts_incl_tax - line.line_price_incl_tax  # a voucher's share
    tax = line.line_price_incl_tax - line.line_price_excl_tax
    line.line_price_before_discounts_incl_tax = real
    line.line_price_before_discounts_excl_tax = real - tax
    line.line_price_incl_tax = max(real - discount, ZERO)
    line.line_price_excl_tax = max(real - discount - tax, ZERO)
    line.save(
        update_fields=[
            "line_price_before_discounts_incl_tax",
            "line_price_before_discounts_excl_tax",
            "line_price_incl_tax",
            "line_price_excl_tax",
        ]
    )


@dataclass(frozen=True)
class WeighedRow:
    """A weighed line as a resident or merchant reads it: what was ordered, and what it weighed."""

    line_id: int
    title: str
    ordered: str  # "about 300 g"
    estimated_price: Decimal
    real_grams: int | None
    real_price: Decimal | None
    bounds: tuple[int, int]

    @property
    def real_weight(self) -> str:
        return grams_text(self.real_grams) if self.real_grams else ""


def weighed_rows(order: Order, *, lines: Iterable | None = None) -> list[WeighedRow]:
    """The order's weighed lines for a page or a message (`lines` with their weighing already read)."""
    source = weighed_lines(order) if lines is None else [line for line in lines if _weighing(line)]
    rows = []
    for line in source:
        if line.status == Status.LINE_UNAVAILABLE:
            continue
        weighing = line.weighing
        item: Weighed = weighing.weighed(line.quantity)
        rows.append(
            WeighedRow(
                line_id=line.pk,
                title=line.title,
                ordered=item.quantity_text(),
                estimated_price=weighing.estimated_price,
                real_grams=weighing.real_grams,
                real_price=weighing.real_price,
                bounds=item.bounds(order.shop.weight_tolerance_percent),
            )
        )
    return rows


def _weighing(line) -> LineWeighing | None:
    return getattr(line, "weighing", None)
