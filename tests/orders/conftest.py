"""Fixtures for order tests against real parts: a Celery worker process, Redis, a stalling mail server.

Tests using them need Redis (REDIS_URL) and PostgreSQL (the worker process must reach the test
database): skipped on a laptop without them, failed in CI.
"""

import asyncio
import threading
import uuid
from collections.abc import Callable, Iterator

import pytest
from django.db import connection

from tests.conftest import IN_CI, free_port
from tests.worker import CeleryWorker, RedisServer, database_url, sending_to


@pytest.fixture
def real_broker(settings) -> str:
    """The Redis URL the worker tests use; skip (laptop) or fail (CI) without Redis and PostgreSQL."""
    missing = []
    if not settings.REDIS_URL:
        missing.append("REDIS_URL (a Redis broker)")
    if connection.vendor != "postgresql":
        missing.append("DATABASE_URL=postgres://… (a worker process cannot reach an SQLite test database)")
    if missing:
        reason = "Real Celery worker tests need " + " and ".join(missing)
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    return settings.REDIS_URL


@pytest.fixture
def worker_queue(real_broker) -> Iterator[str]:
    """A queue of this test's own (tests run in parallel on one Redis), emptied first."""
    from marketplace.celery import app

    queue = f"test-outbox-{uuid.uuid4().hex[:8]}"
    with sending_to(app, queue=queue):
        yield queue


@pytest.fixture
def start_worker(transactional_db, smtp_inbox, settings, tmp_path) -> Iterator[Callable[..., CeleryWorker]]:
    """Starts Celery workers on the test database, sending mail to `smtp_inbox`; stops them after."""
    workers = []

    def start(*, queue: str, redis_url: str | None = None) -> CeleryWorker:
        worker = CeleryWorker(
            queue=queue,
            database_url=database_url(connection.settings_dict),
            redis_url=redis_url or settings.REDIS_URL,
            email_url=f"smtp://{settings.EMAIL_HOST}:{settings.EMAIL_PORT}",
            log=tmp_path / "worker.log",
        )
        workers.append(worker)
        return worker.start()

    yield start
    for worker in workers:
        worker.kill()  # its queue is thrown away: no need to wait for a warm shutdown


@pytest.fixture
def worker(start_worker, worker_queue) -> CeleryWorker:
    return start_worker(queue=worker_queue)


@pytest.fixture
def spare_redis(tmp_path) -> Iterator[RedisServer]:
    """A Redis of this test's own, to stop and restart as an outage would."""
    server = RedisServer(port=free_port(), log=tmp_path / "redis.log").start()
    yield server
    server.stop()


class FirstMessageHeld:
    """Makes the mail server hang on the first message, never answering it, like a stuck relay."""

    def __init__(self, inbox) -> None:
        self.receive = inbox.handle_DATA
        self.holding = threading.Event()
        inbox.handle_DATA = self.handle_DATA

    async def handle_DATA(self, server, session, envelope) -> str:
        if not self.holding.is_set():
            self.holding.set()
            await asyncio.sleep(3600)  # cancelled when the server stops
        return await self.receive(server, session, envelope)


@pytest.fixture
def stuck_smtp(smtp_inbox) -> FirstMessageHeld:
    return FirstMessageHeld(smtp_inbox)
