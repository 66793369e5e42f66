"""Celery tasks of the catalogue: thin wrappers over its functions."""

from celery import shared_task

from catalogue.views_count import product_views_flush


@shared_task
def product_views_flush_task() -> int:
    return product_views_flush()
