"""Celery tasks of the merchants' space: thin wrappers over community.services."""

from celery import shared_task
from django.utils import timezone

from community.services import community_digests_queue


@shared_task
def community_digests_queue_task() -> int:
    return community_digests_queue(today=timezone.localdate())
