"""Pricing and availability of products: EUR prices tax included, sold online only by open, approved shops.

Oscar loads `partner.strategy.Selector` from this forked partner app (`get_class`), so every price and
"add to basket" check on the storefront goes through `MarketplaceStrategy`.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from oscar.apps.partner import availability, strategy
from oscar.apps.partner.prices import FixedPrice

from shops.models import Partner
from shops.weighing import portion_price


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
        return self.fetch_for_basket(line.product, stockrecord or line.stockrecord)

    def fetch_for_basket(self, product, stockrecord=None) -> strategy.PurchaseInfo:
        """What one unit of a basket line of the product costs: for a product sold by weight, a
        portion (its stock record's price is per kg). The price a line stores when added is this
        one too, so the basket does not see a price change that is only the unit (32 €/kg, 3,20 €
        per 100 g)."""
        info = self.fetch_for_product(product, stockrecord)
        details = weighed_details(product)
        if details is None or not info.price.exists:
            return info
        # Sold by weight: the stock record's price is per kg, and the line counts portions
        # (100 g steps or pieces), so a portion is what each of its units costs (shops.weighing).
        price = portion_price(info.price.incl_tax, piece_grams=details.piece_grams)
        return strategy.PurchaseInfo(
            price=FixedPrice(currency=info.price.currency, excl_tax=price, tax=info.price.tax),
            availability=info.availability,
            stockrecord=info.stockrecord,
        )


def weighed_details(product) -> object | None:
    """The product's details when it is sold by weight, else None (read once, kept on the product)."""
    details = getattr(product, "details", None)  # no details row: an ordinary product
    return details if details is not None and details.sold_by_weight else None


class Selector:
    """Every resident gets the same strategy: prices do not depend on who is buying."""

    def strategy(self, request=None, user=None, **kwargs) -> MarketplaceStrategy:
        return MarketplaceStrategy(request)
