"""Receivers of project-wide concerns."""

from django.db.models.signals import post_migrate
from django.dispatch import receiver

from marketplace.roles import ensure_pickup_point_staff_group, ensure_town_hall_group
from orders.notifications import ensure_event_types


@receiver(post_migrate)
def set_up_roles_and_messages(sender, app_config, **kwargs) -> None:
    # Once, after the last app has migrated, when every permission exists.
    if app_config.label == "marketplace":
        ensure_town_hall_group()
        ensure_pickup_point_staff_group()
        ensure_event_types()
