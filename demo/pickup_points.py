"""The demo's pickup point: the covered market hall, its staff account and the shops dropping there."""

from __future__ import annotations

from django.utils.text import slugify

from demo.accounts import user_ensure
from demo.data import PICKUP_POINT_HOURS, PICKUP_POINT_NAME, PICKUP_POINT_SHOPS, PICKUP_POINT_STAFF_EMAIL
from pickup_points.services import point_staff_add
from shops.models import OpeningHours, Partner


def pickup_point_ensure(*, password_hash: str) -> Partner:
    """The covered market hall as the town's pickup point, its staff account, and the shops dropping there."""
    point, created = Partner.objects.get_or_create(
        code=slugify(PICKUP_POINT_NAME),
        defaults={
            "name": PICKUP_POINT_NAME,
            "is_pickup_point": True,
            "approval": Partner.Approval.APPROVED,
            "offers_click_collect": False,
            "street": "Place du Marché",
            "postcode": "78220",
            "city": "Viroflay",
            "preparation_minutes": 120,  # time for every shop to drop its order off
            "slot_minutes": 30,
            "slot_capacity": 6,
        },
    )
    if created:
        OpeningHours.objects.bulk_create(
            OpeningHours(shop=point, weekday=weekday, opens=opens, closes=closes)
            for weekday, ranges in PICKUP_POINT_HOURS.items()
            for opens, closes in ranges
        )
        Partner.objects.filter(code__in=PICKUP_POINT_SHOPS).update(drops_at_pickup_points=True)
    staff = user_ensure(
        email=PICKUP_POINT_STAFF_EMAIL, first_name="Karim", last_name="Benali", password_hash=password_hash
    )
    point_staff_add(point=point, users=[staff])
    return point
