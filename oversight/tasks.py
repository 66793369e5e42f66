"""Celery tasks of the oversight dashboard: thin wrappers over oversight/rollup.py."""

from celery import shared_task

from oversight.rollup import shop_days_catch_up


@shared_task
def shop_days_catch_up_task() -> int:
    return shop_days_catch_up()
