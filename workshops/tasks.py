"""Celery tasks of workshops: thin wrappers over workshops.services."""

from celery import shared_task
from django.utils import timezone

from workshops.services import workshop_reminders_queue


@shared_task
def workshop_reminders_queue_task() -> int:
    return workshop_reminders_queue(now=timezone.now())
