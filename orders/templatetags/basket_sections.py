"""Template tag handing Oscar's basket page its lines grouped by shop (see orders.basket.sections).

A tag rather than a forked basket view: Oscar's BasketView, its formset and its AJAX re-rendering stay
as they are, and only the template asks for the grouping. Named apart from Oscar's `basket_tags`
library, which a library of the same name in this app would hide from the product pages.
"""

from __future__ import annotations

from django import template
from django.utils import timezone

from orders.basket.sections import BasketByShop, basket_by_shop

register = template.Library()


@register.simple_tag
def basket_by_shop_sections(formset) -> BasketByShop:
    """`{% basket_by_shop_sections formset as grouped %}`: one section per shop, with warnings."""
    return basket_by_shop(formset, now=timezone.now())
