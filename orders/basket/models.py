"""Basket models: Oscar's, with lines read together with everything a page or placement needs."""

from django.db.models import Case, F, IntegerField, Max, QuerySet, Sum, Value, When
from oscar.apps.basket.abstract_models import AbstractBasket

from shops.product_models import ProductDetails


class Basket(AbstractBasket):
    def get_stock_info(self, product, options):
        # The unit price a line stores when added is the one it is then priced at (a portion, for a
        # product sold by weight): Oscar's stores the stock record's, and warned of a price change.
        fetch = getattr(self.strategy, "fetch_for_basket", self.strategy.fetch_for_product)
        return fetch(product)

    def all_lines(self):
        # Oscar's version loads each line's product class and shop one query at a time.
        if self.id is not None and self._lines is None:
            self._lines = (
                self.lines.select_related(
                    "product__product_class",
                    "product__parent__product_class",
                    "stockrecord__partner",
                    # Each product's own availability (days, preparation, quick offer window).
                    "product__details",
                    "product__counter_offer",
                )
                .prefetch_related(
                    "attributes",
                    "product__images",
                    "stockrecord__partner__opening_hours",
                    "stockrecord__partner__closures",
                )
                .order_by(self._meta.pk.name)
            )
        return super().all_lines()

    @property
    def num_lines(self) -> int:
        # Oscar counts them in a query of its own (to know whether to apply offers), then the page
        # reads the lines anyway (the header's count, the basket): read once, counted from there.
        return len(self.all_lines())

    @property
    def num_items(self) -> int:
        # An item sold by weight is one item, however many 100 g steps it counts ("about 300 g").
        return sum(1 if _sold_by_weight(line) else line.quantity for line in self.all_lines())


def _sold_by_weight(line) -> bool:
    details = getattr(line.product, "details", None)  # read with the line (all_lines)
    return details is not None and details.sold_by_weight


def _items_of_a_line() -> Case:
    """What a line adds to the basket's item count: 1 when sold by weight, else its quantity."""
    return Case(
        When(product__details__unit=ProductDetails.Unit.KG, then=Value(1)),
        default=F("quantity"),
        output_field=IntegerField(),
    )


def lines_item_count(lines: QuerySet) -> int:
    """Basket.num_items in one query, for lines not loaded (the header of a page from the cache)."""
    return lines.aggregate(items=Sum(_items_of_a_line()))["items"] or 0


def merged_lines_item_count(lines: QuerySet) -> int:
    """The item count of several open baskets once Oscar's basket middleware has merged them into one
    (keeping, of lines for the same product, the larger quantity): an account's open baskets."""
    per_line = lines.values("line_reference").annotate(items=Max(_items_of_a_line())).order_by()
    return sum(row["items"] for row in per_line)


from oscar.apps.basket.models import *  # noqa: E402, F403 (Oscar's fork pattern: the rest of the models)
