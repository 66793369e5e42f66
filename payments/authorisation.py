"""What a card authorises for a checkout holding items sold by weight (their estimate plus the shops'
tolerance), and for how far ahead: Stripe drops an authorisation after 7 days, so a card pays weighed
items only for a pickup or delivery within `WEIGHED_CARD_DAYS`; further out, the resident pays at the
shop or chooses an earlier time. The capture itself is payments.capture.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from orders.models import Checkout, Order
from orders.weighing import weighed_lines
from payments.exceptions import WeighedTooFarAhead

ZERO = Decimal("0.00")
# Stripe keeps a card authorisation 7 days; a day's margin for an order collected late in its slot.
WEIGHED_CARD_DAYS = 6


def weighed_margin(order: Order) -> Decimal:
    """What the order's weighed items may cost beyond their estimate, at the shop's tolerance."""
    tolerance = order.shop.weight_tolerance_percent
    return sum(
        (
            max(
                # Against the line's price as it stands (its quantity may have been changed since).
                line.weighing.weighed(line.quantity).highest_price(tolerance)
                - line.line_price_before_discounts_incl_tax,
                ZERO,
            )
            for line in weighed_lines(order)
        ),
        ZERO,
    )


def card_weighed_check(*, checkout: Checkout, now: dt.datetime | None = None) -> bool:
    """Whether the checkout holds weighed items (its card is then authorised, charged once weighed);
    raises WeighedTooFarAhead when one is for later than a card authorisation lasts."""
    now = now or timezone.now()
    limit = now + dt.timedelta(days=WEIGHED_CARD_DAYS)
    weighed = False
    for order in checkout.orders.select_related("shop").order_by("number"):
        if not weighed_lines(order):
            continue
        weighed = True
        if order.slot_start and order.slot_start > limit:
            raise WeighedTooFarAhead(
                _(
                    "%(shop)s weighs some of your items when preparing them: paid by card, they must be "
                    "collected by %(limit)s (a card is held 7 days at most). Choose an earlier time, or "
                    "pay at the shop."
                )
                % {"shop": order.shop.name, "limit": formats.date_format(timezone.localtime(limit), "l j F")},
                shop_id=order.shop_id,
            )
    return weighed
