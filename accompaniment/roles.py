"""The town-centre manager's group: staff of the town's digital corner, made after every migrate."""

from django.contrib.auth.models import Group, Permission

TOWN_CENTRE_MANAGER_GROUP = "Town-centre manager"


def ensure_town_centre_manager_group() -> Group:
    """The group holding `accompaniment.town_corner` (what core.access.TOWN_CORNER checks)."""
    group, _created = Group.objects.get_or_create(name=TOWN_CENTRE_MANAGER_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="accompaniment", codename="town_corner")
    )
    return group
