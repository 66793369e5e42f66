"""The demo's pickup point: the covered market hall, its staff login, the shops dropping there."""

from django.contrib.auth.hashers import make_password

from demo.data import PICKUP_POINT_STAFF_EMAIL
from demo.pickup_points import pickup_point_ensure
from shops.factories import ShopFactory
from shops.models import Partner


def test_the_hall_is_seeded_once_with_its_hours_staff_and_shops(db):
    baker = ShopFactory(name="Au Pain de Viroflay")
    florist = ShopFactory(name="Fleurs de Jouy")

    point = pickup_point_ensure(password_hash=make_password("marketplace"))
    again = pickup_point_ensure(password_hash=make_password("marketplace"))

    assert again == point and Partner.objects.filter(is_pickup_point=True).count() == 1
    assert point.name == "Halle du marché" and point.opening_hours.count() == 11
    assert not Partner.objects.on_storefront().filter(pk=point.pk).exists()
    staff = point.users.get()
    assert staff.email == PICKUP_POINT_STAFF_EMAIL and staff.has_perm("partner.pickup_point_access")
    assert not staff.has_perm("partner.dashboard_access")
    baker.refresh_from_db()
    florist.refresh_from_db()
    assert baker.drops_at_pickup_points and not florist.drops_at_pickup_points
