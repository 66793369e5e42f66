"""The in-process scheduler of `make run` (core/scheduler.py, `manage.py run_periodic`)."""

import datetime as dt

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from core.scheduler import jobs_from, run_due
from orders.models import OutboxMessage
from tests.orders.test_notifications import _tuesday_morning, placed  # noqa: F401


def test_each_job_runs_once_its_period_has_passed_not_before(db) -> None:
    start = timezone.now()
    jobs = {job.name: job for job in jobs_from(settings.CELERY_BEAT_SCHEDULE, now=start)}
    assert not jobs["outbox-sweep"].due()[0]  # just started: the first run is a period later
    jobs["outbox-sweep"].last_run_at = start - dt.timedelta(minutes=2)
    jobs["orders-housekeeping"].last_run_at = start - dt.timedelta(minutes=2)
    assert jobs["outbox-sweep"].due()[0] and not jobs["orders-housekeeping"].due()[0]  # 1 min vs 5 min
    ran, wait = run_due([jobs["outbox-sweep"], jobs["orders-housekeeping"]], now=start)
    assert ran == ["outbox-sweep"] and 1 <= wait <= 60


def test_run_periodic_sends_what_was_left_unsent(smtp_inbox, placed, caplog) -> None:  # noqa: F811
    checkout = placed()
    smtp_inbox.messages.clear()
    # As if the broker had lost them: pending for ten minutes. The sweep job sends them again.
    OutboxMessage.objects.filter(checkout=checkout).update(
        state=OutboxMessage.State.PENDING, created_at=timezone.now() - dt.timedelta(minutes=10)
    )
    call_command("run_periodic", "--once")
    assert not [record.getMessage() for record in caplog.records if "failed" in record.getMessage()]
    assert not OutboxMessage.objects.filter(checkout=checkout, state=OutboxMessage.State.PENDING).exists()
    assert any(message["To"] == "camille@example.com" for message in smtp_inbox.messages)
