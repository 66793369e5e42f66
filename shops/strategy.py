"""Pricing and availability of products: EUR prices tax included, sold online only by open, approved shops.

Oscar loads `partner.strategy.Selector` from this forked partner app (`get_class`), so every price and
"add to basket" check on the storefront goes through `MarketplaceStrategy`.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from oscar.apps.partner import availability, strategy

from shops.models import Partner


def phone_order_number(shop: Partner) -> str:
    """The number to call when the shop takes orders by phone only (call & collect), else ""."""
    if shop.sells_online or not shop.offers_call_collect:
        return ""
    return shop.phone


class ShopUnavailable(availability.Unavailable):
    """The product cannot be bought because of its shop, with the reason shown to the resident.

    `phone` is the number to order by instead, shown as a link where the basket button would be.
    """

    def __init__(self, reason: str, *, short_message: str = "", phone: str = "") -> None:
        self.reason = reason
        self._short_message = short_message
        self.phone = phone

    @property
    def message(self) -> str:
        return self.reason

    @property
    def short_message(self) -> str:
        return self._short_message or self.reason

    def is_purchase_permitted(self, quantity: int) -> tuple[bool, str]:
        return False, self.reason


class MarketplaceStrategy(
    strategy.UseFirstStockRecord, strategy.StockRequired, strategy.NoTax, strategy.Structured
):
    """One stock record per product (its shop's); French retail prices already include VAT."""

    def availability_policy(self, product, stockrecord) -> availability.Base:
        if stockrecord is not None:
            shop = stockrecord.partner
            if not shop.is_on_storefront:
                return ShopUnavailable(_("This shop is not selling on the marketplace at the moment."))
            if shop.temporarily_closed:
                return ShopUnavailable(
                    _("%(shop)s is temporarily closed: %(message)s")
                    % {"shop": shop.display_name, "message": shop.closed_message}
                    if shop.closed_message
                    else _("%(shop)s is temporarily closed.") % {"shop": shop.display_name}
                )
            if not shop.sells_online:
                # The basket would refuse the product (orders.basket.sections): say so before.
                if phone := phone_order_number(shop):
                    return ShopUnavailable(
                        _("%(shop)s takes orders by phone only.") % {"shop": shop.display_name},
                        short_message=_("Order by phone"),
                        phone=phone,
                    )
                return ShopUnavailable(
                    _("%(shop)s does not take orders online: you can buy it in the shop.")
                    % {"shop": shop.display_name},
                    short_message=_("In store only"),
                )
        return super().availability_policy(product, stockrecord)

    def fetch_for_line(self, line, stockrecord=None) -> strategy.PurchaseInfo:
        # The line already holds its stock record (and, in our basket, its shop): no new query.
        return self.fetch_for_product(line.product, stockrecord or line.stockrecord)


class Selector:
    """Every resident gets the same strategy: prices do not depend on who is buying."""

    def strategy(self, request=None, user=None, **kwargs) -> MarketplaceStrategy:
        return MarketplaceStrategy(request)
