"""Handing a task to the broker once a change has committed: a broker outage is logged and the work
left to the sweep that owns it, never turned into an error page for a change already made."""

from __future__ import annotations

import logging

from celery import Task
from kombu.exceptions import OperationalError as BrokerUnavailable

logger = logging.getLogger(__name__)

# One quick retry, for a pooled connection gone stale since a Redis restart; Celery's default
# (three retries, 0.2 s apart) would keep a resident waiting about a second per message.
QUEUE_RETRY_POLICY = {"max_retries": 1}


def task_queue(task: Task, *args: object) -> bool:
    """Queue `task(*args)`; False, logged, when the broker cannot take it."""
    try:
        task.apply_async(args, retry_policy=QUEUE_RETRY_POLICY)
    except BrokerUnavailable as error:
        logger.warning("%s%r not queued, broker unavailable: %s", task.name, args, error)
        return False
    return True
