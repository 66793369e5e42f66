"""Writes of pickup points: who works at one."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser

from core.roles import ensure_pickup_point_staff_group
from shops.models import Partner


def point_staff_add(*, point: Partner, users: Iterable[AbstractBaseUser]) -> None:
    """Make `users` the point's staff: its users (what they see is scoped to it), with the role that
    opens its pages (a user removed from a point keeps the role, but sees nothing of it)."""
    users = list(users)
    point.users.add(*users)
    ensure_pickup_point_staff_group().user_set.add(*users)
