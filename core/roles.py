"""Roles: the town hall group and the merchant permission, created after every migrate."""

from django.contrib.auth.models import Group, Permission

TOWN_HALL_GROUP = "Town hall"
# The staff of a town pickup point (its Partner.users): they see what waits there and hand it over.
PICKUP_POINT_STAFF_GROUP = "Pickup point staff"

# Oscar 4.2's dashboard checks model permissions on top of is_staff: the town hall oversees
# the whole storefront, so it holds every permission of these apps.
TOWN_HALL_APP_LABELS = (
    "catalogue",
    "partner",
    "order",
    "offer",
    "voucher",
    "communication",
    "flatpages",
    "reviews",
    "payment",
    "shipping",
    "customer",
    "analytics",
)
TOWN_HALL_EXTRA_PERMISSIONS = (("auth", "view_user"), ("auth", "change_user"))


def ensure_town_hall_group() -> Group:
    group, _ = Group.objects.get_or_create(name=TOWN_HALL_GROUP)
    permissions = Permission.objects.filter(content_type__app_label__in=TOWN_HALL_APP_LABELS)
    extra = [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in TOWN_HALL_EXTRA_PERMISSIONS
    ]
    group.permissions.set([*permissions, *extra])
    return group


def ensure_pickup_point_staff_group() -> Group:
    group, _ = Group.objects.get_or_create(name=PICKUP_POINT_STAFF_GROUP)
    group.permissions.set(
        [Permission.objects.get(content_type__app_label="partner", codename="pickup_point_access")]
    )
    return group


def merchant_permission() -> Permission:
    return Permission.objects.get(content_type__app_label="partner", codename="dashboard_access")
