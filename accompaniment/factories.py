"""Test helpers for the digital corner: the town-centre manager and the town hall's accounts."""

from django.contrib.auth.models import AbstractBaseUser

from accompaniment.roles import ensure_town_centre_manager_group
from core.roles import ensure_town_hall_group
from shops.factories import UserFactory


def make_manager(email: str = "manager@example.com") -> AbstractBaseUser:
    """A town-centre manager: staff, in the manager's group (not the town hall's)."""
    user = UserFactory(email=email, is_staff=True, first_name="Julie", last_name="Moreau")
    user.groups.add(ensure_town_centre_manager_group())
    return user


def make_town_hall(email: str = "mairie@example.com") -> AbstractBaseUser:
    user = UserFactory(email=email, is_staff=True)
    user.groups.add(ensure_town_hall_group())
    return user
