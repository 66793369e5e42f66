"""After a migrate (a new town's first one included), the project sets up what every deployment needs:
the town hall and pickup point staff groups, and the wording rows of the messages."""

import pytest
from django.contrib.auth.models import Group
from django.core.management.sql import emit_post_migrate_signal

from core.roles import PICKUP_POINT_STAFF_GROUP, TOWN_HALL_GROUP


@pytest.mark.django_db
def test_a_migrate_creates_the_town_hall_and_pickup_point_groups():
    Group.objects.all().delete()

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    town_hall = Group.objects.get(name=TOWN_HALL_GROUP)
    assert town_hall.permissions.filter(codename="change_partner").exists()
    assert (
        Group.objects.get(name=PICKUP_POINT_STAFF_GROUP)
        .permissions.filter(codename="pickup_point_access")
        .exists()
    )
