"""Periodic task of the personal-data app (declared in CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from privacy.services import guests_anonymise


@shared_task
def guests_anonymise_task() -> int:
    return guests_anonymise()
