"""Factories for pickup points and their staff: every test builds them the same way."""

from pickup_points.services import point_staff_add
from shops.factories import ShopFactory, UserFactory
from shops.models import Partner

User = UserFactory._meta.model


class PickupPointFactory(ShopFactory):
    """The covered market hall: a pickup point open like the factory shops, two checkouts a slot."""

    name = "Halle du marché"
    category = None
    street = "Place du Marché"
    is_pickup_point = True
    offers_click_collect = False
    preparation_minutes = 120
    slot_capacity = 2


def make_point_staff(point: Partner, email: str | None = None) -> User:
    """A user who works at `point`: one of its users, in the pickup point staff group."""
    user = UserFactory(email=email or f"staff-{point.code}@example.com")
    point_staff_add(point=point, users=[user])
    return user
