"""`manage.py run_periodic`: the beat schedule's jobs run in this process (see core/scheduler.py)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from core.scheduler import jobs_from, run_due


class Command(BaseCommand):
    help = "Run the periodic jobs of CELERY_BEAT_SCHEDULE in this process (make run: no broker, no beat)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true", help="Run every job once, then stop.")

    def handle(self, *args, once: bool = False, **options) -> None:
        jobs = jobs_from(settings.CELERY_BEAT_SCHEDULE, now=timezone.now())
        if once:
            ran, _ = run_due(jobs, now=timezone.now(), force=True)
            self.stdout.write(f"Ran {', '.join(ran)}")
            return
        self.stdout.write(f"Periodic jobs: {', '.join(job.name for job in jobs)} (Ctrl-C stops them)")
        while True:
            ran, wait = run_due(jobs, now=timezone.now())
            if ran:
                self.stdout.write(f"{timezone.localtime():%H:%M:%S} ran {', '.join(ran)}")
            time.sleep(wait)
