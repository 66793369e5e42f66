"""The periodic jobs of CELERY_BEAT_SCHEDULE run in-process, for `make run` (no broker, no beat).

Celery beat only sends tasks to a broker; the embedded default has none (tasks run eagerly), so
under `make run` no reminder, automatic cancellation or retry ever ran. `manage.py run_periodic`
(started beside the development server by the Makefile) reads the same schedule and runs each task
in its own process when due, so the embedded default has the whole order lifecycle. Production
keeps Celery beat and workers (docker compose).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from dataclasses import dataclass

from celery import current_app
from celery.schedules import BaseSchedule, maybe_schedule

logger = logging.getLogger(__name__)


@dataclass
class Job:
    """One entry of the beat schedule, with when it last ran."""

    name: str
    task: str
    schedule: BaseSchedule
    last_run_at: dt.datetime

    def due(self) -> tuple[bool, float]:
        """Whether it is due now, and in how many seconds to look again (Celery's own rule)."""
        is_due, next_in = self.schedule.is_due(self.last_run_at)
        return bool(is_due), float(next_in)


def jobs_from(schedule: Mapping[str, Mapping], *, now: dt.datetime) -> list[Job]:
    """The schedule's entries as jobs that last ran `now`: each first runs one period after start."""
    # A worker imports every app's tasks module when it starts; this process must do the same.
    current_app.loader.import_default_modules()
    return [
        Job(
            name=name,
            task=entry["task"],
            schedule=maybe_schedule(entry["schedule"], app=current_app),
            last_run_at=now,
        )
        for name, entry in sorted(schedule.items())
    ]


def run_due(jobs: list[Job], *, now: dt.datetime, force: bool = False) -> tuple[list[str], float]:
    """Run the jobs that are due (all of them with `force`); which ran, and seconds until the next check.

    A failing task is logged and does not stop the others: the next period tries it again.
    """
    ran, wait = [], 60.0
    for job in jobs:
        is_due, next_in = job.due()
        if is_due or force:
            try:
                current_app.tasks[job.task].apply(throw=True)
            except Exception:
                logger.exception("Periodic job %s failed", job.name)
            job.last_run_at = now
            ran.append(job.name)
            next_in = job.due()[1]
        wait = min(wait, next_in)
    return ran, max(wait, 1.0)
