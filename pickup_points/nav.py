"""Who sees the pickup point entry of the dashboard menu, beyond what its URL's permissions allow."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # settings import this module before apps are ready: no model import at run time
    from django.contrib.auth.models import AbstractBaseUser


def point_staff_nav_access(
    user: AbstractBaseUser, url_name: str, url_args: list | None = None, url_kwargs: dict | None = None
) -> bool:
    """Show "Pickup point" to its staff: the town hall holds every partner permission but works at none."""
    from oscar.apps.dashboard.nav import default_access_fn

    from pickup_points.selectors import works_at_a_point

    return default_access_fn(user, url_name, url_args, url_kwargs) and works_at_a_point(user)
