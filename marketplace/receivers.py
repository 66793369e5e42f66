"""Receivers of project-wide concerns."""

from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver
from oscar.core.loading import get_model

from core.roles import ensure_pickup_point_staff_group, ensure_town_hall_group
from orders.events import ensure_event_types, event_types_changed

CommunicationEventType = get_model("communication", "CommunicationEventType")


@receiver(post_migrate)
def set_up_roles_and_messages(sender, app_config, **kwargs) -> None:
    # Once, after the last app has migrated, when every permission exists.
    if app_config.label == "marketplace":
        ensure_town_hall_group()
        ensure_pickup_point_staff_group()
        ensure_event_types()


@receiver([post_save, post_delete], sender=CommunicationEventType)
def reload_message_wording(sender, **kwargs) -> None:
    # After commit: a worker reloading sooner would keep the old wording.
    transaction.on_commit(event_types_changed)
