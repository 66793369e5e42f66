"""Products sold by weight: the price of a portion, the estimate a resident orders, the real price, and
the tolerance a shop allows between the two.

Plain values and functions (no ORM, no request), used by the strategy (a basket line's price), by
placement (what is recorded of a weighed line), by the weighing (orders.weighing) and by payments
(what a card authorises). A product sold by weight has a price per kg; the resident orders a number of
portions: 100 g steps ("about 300 g" is 3) or pieces of about the weight the merchant set.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from oscar.templatetags.currency_filters import currency

CENT = Decimal("0.01")
WEIGHT_STEP_GRAMS = 100  # "about 300 g" is three steps of 100 g
MAX_PORTIONS = 30  # at most 3 kg, or 30 pieces, on one line
DEFAULT_TOLERANCE_PERCENT = 15
# What a piece sold by weight (a steak, a chop) may weigh, in grams: the form's and the import's bounds.
PIECE_GRAMS_MIN, PIECE_GRAMS_MAX = 10, 5000


def price_for_grams(price_per_kg: Decimal, grams: int) -> Decimal:
    """What `grams` cost at `price_per_kg`, to the cent (half up, as a shop's scale rounds)."""
    return (price_per_kg * grams / 1000).quantize(CENT, rounding=ROUND_HALF_UP)


def grams_text(grams: int) -> str:
    """ "300 g", "1,2 kg": how a weight reads in French shops."""
    if grams >= 1000:
        kilos = Decimal(grams) / 1000
        text = f"{kilos.normalize():f}".replace(".", ",")
        return _("%(kilos)s kg") % {"kilos": text}
    return _("%(grams)s g") % {"grams": grams}


@dataclass(frozen=True)
class Weighed:
    """A weighed item as ordered: its price per kg, its portion (a step or a piece) and how many.

    `piece_grams` is None for a product ordered by weight in 100 g steps; else the resident ordered
    `quantity` pieces of about that weight.
    """

    price_per_kg: Decimal
    quantity: int
    piece_grams: int | None = None

    @property
    def portion_grams(self) -> int:
        return self.piece_grams or WEIGHT_STEP_GRAMS

    @property
    def estimated_grams(self) -> int:
        return self.quantity * self.portion_grams

    @property
    def estimated_price(self) -> Decimal:
        return price_for_grams(self.price_per_kg, self.estimated_grams)

    def bounds(self, tolerance_percent: int) -> tuple[int, int]:
        """The lightest and heaviest real weight the shop's tolerance accepts (grams, inclusive)."""
        margin = Decimal(self.estimated_grams) * tolerance_percent / 100
        low = (self.estimated_grams - margin).quantize(Decimal(1), rounding=ROUND_CEILING)
        high = (self.estimated_grams + margin).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return max(int(low), 1), int(high)

    def highest_price(self, tolerance_percent: int) -> Decimal:
        """What the heaviest accepted weight costs: what a card authorises for this item."""
        return price_for_grams(self.price_per_kg, self.bounds(tolerance_percent)[1])

    def quantity_text(self) -> str:
        """ "environ 300 g", or "2 pièces d'environ 250 g"."""
        if self.piece_grams:
            return ngettext(
                "%(count)s piece of about %(weight)s",
                "%(count)s pieces of about %(weight)s each",
                self.quantity,
            ) % {"count": self.quantity, "weight": grams_text(self.piece_grams)}
        return about_grams_text(self.estimated_grams)


def about_grams_text(grams: int) -> str:
    """ "environ 300 g": a weight ordered, before the shop weighs it."""
    return _("about %(weight)s") % {"weight": grams_text(grams)}


def portion_price(price_per_kg: Decimal, *, piece_grams: int | None) -> Decimal:
    """The price of one portion (a 100 g step or a piece): a basket line's unit price."""
    return price_for_grams(price_per_kg, piece_grams or WEIGHT_STEP_GRAMS)


def portion_choices(*, piece_grams: int | None, price_per_kg: Decimal) -> list[tuple[int, str]]:
    """The add-to-basket choices of a weighed product: (portions, "about 300 g — about 9,60 €")."""
    choices = []
    for quantity in range(1, MAX_PORTIONS + 1):
        item = Weighed(price_per_kg=price_per_kg, quantity=quantity, piece_grams=piece_grams)
        price = currency(item.estimated_price, "EUR")
        choices.append(
            (
                quantity,
                _("%(quantity)s — about %(price)s") % {"quantity": item.quantity_text(), "price": price},
            )
        )
    return choices


class WeightRefused(ValueError):
    """A real weight the shop's tolerance does not accept; the message says the accepted range."""


def real_weight_check(item: Weighed, *, real_grams: int, tolerance_percent: int, title: str) -> None:
    """Raise WeightRefused unless `real_grams` is within the shop's tolerance of what was ordered.

    Outside it the merchant weighs again (cuts closer to the order), or marks the item unavailable:
    the resident agreed to about the weight ordered, and a card holds no more than its upper bound.
    """
    low, high = item.bounds(tolerance_percent)
    if not low <= real_grams <= high:
        raise WeightRefused(
            _(
                "%(title)s: %(real)s is too far from the %(ordered)s ordered. Within your tolerance "
                "(±%(tolerance)s %%) it must weigh between %(low)s and %(high)s: weigh it again, or "
                "mark it unavailable."
            )
            % {
                "title": title,
                "real": grams_text(real_grams),
                "ordered": grams_text(item.estimated_grams),
                "tolerance": tolerance_percent,
                "low": grams_text(low),
                "high": grams_text(high),
            }
        )
