"""The demo's accounts: the resident, the town hall officer, and one password for every demo login."""

from __future__ import annotations

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from core.roles import ensure_town_hall_group
from demo.data import PASSWORD, RESIDENT_EMAIL, TOWN_HALL_EMAIL

User = get_user_model()


@cache
def demo_password_hash() -> str:
    # Hashed once for every demo account: hashing per account would take minutes at town scale.
    return make_password(PASSWORD)


def user_ensure(*, email: str, first_name: str, last_name: str, password_hash: str) -> User:
    user, _ = User.objects.get_or_create(
        username=email,
        defaults={
            "email": email,
            "first_name": first_name,
            "last_name": last_name,
            "password": password_hash,
        },
    )
    return user


def accounts_ensure(*, password_hash: str) -> tuple[User, User]:
    """The resident and the town hall officer of the demo."""
    resident = user_ensure(
        email=RESIDENT_EMAIL, first_name="Camille", last_name="Durand", password_hash=password_hash
    )
    mairie = user_ensure(
        email=TOWN_HALL_EMAIL, first_name="Hélène", last_name="Marchand", password_hash=password_hash
    )
    if not mairie.is_staff:
        mairie.is_staff = True
        mairie.save(update_fields=["is_staff"])
    mairie.groups.add(ensure_town_hall_group())
    return resident, mairie
