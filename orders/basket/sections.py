"""The basket as a resident reads it: one section per shop, with what stops each shop's items being ordered.

The grouping is placement's (`split_by_shop` on the line's shop), so the basket shows exactly the
orders the checkout will create. Sections carry Oscar's line forms, so the quantity formset keeps
working; the warnings are worded here and only shown by the template.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.forms import BaseForm
from django.utils.translation import gettext as _
from oscar.apps.partner.availability import StockRequired, Unavailable

from orders.placement import part_subtotal
from orders.splitting import split_by_shop
from shops.delivery import DeliveryRules
from shops.models import Partner
from shops.product_rules import when_available
from shops.selectors import ShopListing, shop_listings
from shops.strategy import phone_order_number


@dataclass(frozen=True)
class BasketItem:
    """One basket line with its quantity form and what the resident must know about it."""

    form: BaseForm
    line: object  # Oscar's basket Line
    warning: str = ""
    over_stock: bool = False  # its quantity is more than can be bought now
    when: str = ""  # from when it can be collected, if not today (a cake ordered 48 h ahead)


@dataclass(frozen=True)
class DeliveryOutlook:
    """What delivery costs a shop's part of the basket as it stands, said before the checkout.

    `left_for_minimum` is what must still be added before the shop delivers at all (0 when the
    minimum is reached); `left_for_free` what must still be added for the fee to be waived (None
    when the shop never waives it or it is waived already).
    """

    fee: Decimal
    minimum: Decimal
    left_for_minimum: Decimal
    free_from: Decimal | None
    left_for_free: Decimal | None

    @property
    def is_free(self) -> bool:
        return self.fee == 0


def delivery_outlook(rules: DeliveryRules, *, subtotal: Decimal) -> DeliveryOutlook:
    """The delivery fee, minimum and what is left to reach each, for a subtotal (pure: property-tested)."""
    free = rules.free_from is not None and subtotal >= rules.free_from
    # Nothing to reach when the shop never waives its fee, has waived it already, or charges none.
    no_free_to_reach = rules.free_from is None or free or not rules.fee
    return DeliveryOutlook(
        fee=Decimal("0.00") if free else rules.fee,
        minimum=rules.minimum,
        left_for_minimum=max(rules.minimum - subtotal, Decimal("0.00")),
        free_from=rules.free_from,
        left_for_free=None if no_free_to_reach else rules.free_from - subtotal,
    )


@dataclass(frozen=True)
class ShopSection:
    """A shop's part of the basket: the order the checkout will create for this shop."""

    listing: ShopListing
    items: list[BasketItem]
    subtotal: Decimal
    refusal: str = ""  # why these items cannot be ordered now; empty when they can
    notice: str = ""  # what the resident should know though the items can be ordered
    delivery: DeliveryOutlook | None = None  # for a shop that delivers: fee, minimum, what is left

    @property
    def shop(self) -> Partner:
        return self.listing.shop


@dataclass(frozen=True)
class BasketByShop:
    sections: list[ShopSection]

    @property
    def blocked_shops(self) -> list[ShopSection]:
        return [section for section in self.sections if section.refusal]

    @property
    def has_over_stock(self) -> bool:
        return any(item.over_stock for section in self.sections for item in section.items)

    @property
    def can_checkout(self) -> bool:
        return bool(self.sections) and not self.blocked_shops and not self.has_over_stock


def shop_refusal(shop: Partner) -> str:
    """Why a shop's items cannot be ordered now (the checkout would refuse them), or ""."""
    names = {"shop": shop.display_name}
    if not shop.is_on_storefront:
        return (
            _("%(shop)s is not selling on the marketplace at the moment: these items cannot be ordered.")
            % names
        )
    if shop.temporarily_closed:
        if shop.closed_message:
            return _(
                "%(shop)s is temporarily closed (%(message)s): these items cannot be ordered for now."
            ) % {**names, "message": shop.closed_message}
        return _("%(shop)s is temporarily closed: these items cannot be ordered for now.") % names
    if not shop.sells_online:
        if phone := phone_order_number(shop):
            return _(
                "%(shop)s takes orders by phone only (%(phone)s): these items cannot be ordered here."
            ) % {**names, "phone": phone}
        return _("%(shop)s does not take orders online: these items cannot be ordered here.") % names
    return ""


def shop_notice(listing: ShopListing) -> str:
    """What a resident must know about a shop that can still take the order (closed today)."""
    if listing.status.closure is None:
        return ""
    return _("%(shop)s is closed today: you can still order, for when it opens again.") % {
        "shop": listing.shop.display_name
    }


def line_warning(line) -> tuple[str, bool]:
    """A line's warning and whether its quantity exceeds what can be bought now.

    Availability is the strategy's (net stock: in stock minus allocated), read when the page is shown,
    so a line added when there was more stock says how many are left.
    """
    availability = line.purchase_info.availability
    if isinstance(availability, StockRequired) and line.quantity > availability.num_available:
        if availability.num_available <= 0:
            return _("Sold out since you added it: please remove it."), True
        return (
            _("Only %(count)d left: please lower the quantity.") % {"count": availability.num_available},
            True,
        )
    if isinstance(availability, Unavailable):
        # The shop's own refusal says why, once for all its items.
        return "", False
    # Oscar's warning otherwise: the price changed since the line was added.
    return line.get_warning() or "", False


def basket_by_shop(forms: Iterable[BaseForm], *, now: dt.datetime) -> BasketByShop:
    """Oscar's basket line forms grouped by shop, shops in the order they were first added."""
    # A line removed while other lines were invalid keeps its form, without a primary key.
    forms_by_line = {form.instance.pk: form for form in forms if form.instance.pk}
    lines = [form.instance for form in forms_by_line.values()]
    parts = split_by_shop(lines, shop_of=lambda line: line.stockrecord.partner_id)
    # The basket's lines already carry their shops, hours and closures (orders.basket.models).
    listings = shop_listings([part.lines[0].stockrecord.partner for part in parts], at=now)
    return BasketByShop(
        sections=[
            _section(listing, part.lines, forms_by_line, part_subtotal(part), now=now)
            for part, listing in zip(parts, listings, strict=True)
        ]
    )


def _section(
    listing: ShopListing,
    lines: list,
    forms_by_line: Mapping[int, BaseForm],
    subtotal: Decimal,
    *,
    now: dt.datetime,
) -> ShopSection:
    items = []
    for line in lines:
        warning, over_stock = line_warning(line)
        when = when_available(line.product, shop=listing.shop, now=now)
        items.append(
            BasketItem(
                form=forms_by_line[line.pk], line=line, warning=warning, over_stock=over_stock, when=when
            )
        )
    return ShopSection(
        listing=listing,
        items=items,
        subtotal=subtotal,
        refusal=shop_refusal(listing.shop),
        notice=shop_notice(listing),
        delivery=(
            delivery_outlook(listing.shop.delivery_rules(), subtotal=subtotal)
            if listing.shop.offers_delivery
            else None
        ),
    )
