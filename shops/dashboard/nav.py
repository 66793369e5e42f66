"""Who sees the shop entries of the dashboard menu, beyond what their URL's permissions allow."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # settings import this module before apps are ready: no model import at run time
    from django.contrib.auth.models import AbstractBaseUser


def merchant_nav_access(
    user: AbstractBaseUser, url_name: str, url_args: list | None = None, url_kwargs: dict | None = None
) -> bool:
    """Show "My shop" to users who run a shop: the town hall holds the permission but has no shop."""
    # Imported here for the same reason.
    from oscar.apps.dashboard.nav import default_access_fn

    from shops.dashboard.selectors import merchant_shop

    return default_access_fn(user, url_name, url_args, url_kwargs) and merchant_shop(user=user) is not None
