"""Celery tasks of follows: thin wrappers over follows.services."""

from celery import shared_task
from django.utils import timezone

from follows.services import digests_queue


@shared_task
def digests_queue_task() -> int:
    return digests_queue(today=timezone.localdate())
