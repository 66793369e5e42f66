"""Which products a gift voucher limited to a category of shops pays for, as Oscar range proxies.

Oscar loads a range's `proxy_class` from its dotted path, instantiates it without arguments, and
wants the path unique per range. So each shop category has its own path,
`vouchers.ranges.shop_category_<pk>`, which this module's `__getattr__` answers.
"""

from __future__ import annotations

import functools

from django.db.models import QuerySet
from oscar.core.loading import get_model

from shops.models import Partner

Product = get_model("catalogue", "Product")
PREFIX = "shop_category_"


class ShopCategoryRange:
    """The products of the approved shops of one category."""

    category_id: int

    def all_products(self) -> QuerySet:
        return Product.objects.filter(
            stockrecords__partner__category_id=self.category_id,
            stockrecords__partner__approval=Partner.Approval.APPROVED,
        ).distinct()

    def contains_product(self, product) -> bool:
        return self.all_products().filter(pk=product.pk).exists()

    def num_products(self) -> int:
        return self.all_products().count()


def proxy_path(category_id: int) -> str:
    return f"{__name__}.{PREFIX}{category_id}"


@functools.cache
def _range_class(category_id: int) -> type[ShopCategoryRange]:
    return type(f"{PREFIX}{category_id}", (ShopCategoryRange,), {"category_id": category_id})


def __getattr__(name: str) -> type[ShopCategoryRange]:
    if name.startswith(PREFIX) and name.removeprefix(PREFIX).isdigit():
        return _range_class(int(name.removeprefix(PREFIX)))
    raise AttributeError(name)
