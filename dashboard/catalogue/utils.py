"""Fork of Oscar's catalogue dashboard utils: the product visibility rule that every catalogue view uses."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q

from dashboard.selectors import product_visibility_q


def partner_product_visibility_q(user: AbstractBaseUser) -> Q:
    """Oscar's hook, loaded with get_class by its catalogue views, bulk actions and mixins."""
    return product_visibility_q(user)
