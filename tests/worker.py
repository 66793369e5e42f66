"""Real moving parts for tests and benchmarks: a Celery worker process and a Redis server we can stop.

`python -m tests.worker worker -Q <queue> …` runs the project's Celery app as `celery worker`
would, with one change for tests: Redis hands an unacknowledged message (its worker killed)
to another worker after VISIBILITY_TIMEOUT seconds instead of Redis' default hour, checked
every second.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from kombu import pools

BASE_DIR = Path(__file__).resolve().parent.parent
VISIBILITY_TIMEOUT = 4  # seconds; longer than any task of the tests takes


def wait_for(condition: Callable[[], object], *, timeout: float, what: str, every: float = 0.05) -> object:
    """Poll `condition` until it is truthy; fail saying what never happened."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not after {timeout} s")
        time.sleep(every)


def database_url(settings_dict: dict) -> str:
    """The URL of the database Django is connected to (pytest-django's or a benchmark's)."""
    user = quote(settings_dict.get("USER") or "", safe="")
    password = quote(settings_dict.get("PASSWORD") or "", safe="")
    host, port = settings_dict.get("HOST") or "127.0.0.1", settings_dict.get("PORT") or 5432
    return f"postgres://{user}:{password}@{host}:{port}/{settings_dict['NAME']}"


class CeleryWorker:
    """One `celery worker` process (prefork) consuming one queue of its own.

    `tuned_for_tests=False` runs the project's app exactly as deployed (`celery -A marketplace`).
    """

    def __init__(
        self,
        *,
        queue: str,
        database_url: str,
        redis_url: str,
        email_url: str,
        log: Path,
        concurrency: int = 1,
        tuned_for_tests: bool = True,
    ) -> None:
        self.queue, self.log, self.concurrency = queue, log, concurrency
        self.app_args = ["tests.worker"] if tuned_for_tests else ["celery", "-A", "marketplace"]
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "EMAIL_URL": email_url,
            "PYTHONPATH": str(BASE_DIR),
        }
        self.process: subprocess.Popen | None = None

    def start(self, *, timeout: float = 30) -> CeleryWorker:
        self.started_at = self.log.stat().st_size if self.log.exists() else 0
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [
                    sys.executable, "-m", *self.app_args, "worker",
                    "--queues", self.queue, "--hostname", f"{self.queue}-{uuid.uuid4().hex[:6]}@%h",
                    "--pool", "prefork", "--concurrency", str(self.concurrency), "--loglevel", "INFO",
                    "--without-gossip", "--without-mingle", "--without-heartbeat",
                ],
                cwd=BASE_DIR, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, so a kill reaches its pool too
            )  # fmt: skip
        try:
            wait_for(self._ready, timeout=timeout, what="Celery worker ready")
        except TimeoutError:
            self.kill()
            raise TimeoutError(f"Celery worker not ready after {timeout} s:\n{self.output()}") from None
        return self

    def _ready(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"Celery worker exited with {self.process.returncode}:\n{self.output()}")
        return " ready." in self.output()

    def output(self) -> str:
        return self.log.read_text(errors="replace")[self.started_at :]

    def pool_pids(self) -> list[int]:
        """The pool processes that run the tasks (children of the main worker process)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        return [int(pid) for pid in children.split()]

    def kill(self) -> None:
        """SIGKILL the whole worker, as an out-of-memory killer or a pulled plug would."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self, *, timeout: float = 15) -> None:
        """Warm shutdown (unfinished messages go back to the queue), then kill if it hangs."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill()


class RedisServer:
    """A throwaway redis-server on its own port, to stop and start without disturbing the shared one."""

    def __init__(self, *, port: int, log: Path) -> None:
        self.port, self.log = port, log
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> RedisServer:
        import redis

        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port),
                 "--save", "", "--appendonly", "no"],
                stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        client = redis.Redis(port=self.port, socket_timeout=1)

        def pong() -> bool:
            try:
                return client.ping()
            except redis.ConnectionError:
                return False

        wait_for(pong, timeout=10, what=f"redis-server on port {self.port}")
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def forget_broker_connections(app) -> None:
    """Drop the connections Celery pooled on first use, so a changed broker URL takes effect.

    Celery's pools are kombu's process-wide ones, registered by broker URL: closing one without
    unregistering it would hand the closed pool back when that URL is used again ("Acquire on
    closed pool" in every later test of the process that queues a task).
    """
    pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@contextmanager
def sending_to(app, *, queue: str, broker_url: str | None = None) -> Iterator[None]:
    """Publish this process's tasks to `queue` (and another broker), as long as the block lasts."""
    previous = app.conf.task_default_queue, app.conf.broker_url
    app.conf.task_default_queue = queue
    if broker_url:
        app.conf.broker_url = broker_url
        forget_broker_connections(app)
    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge(queue)
    try:
        yield
    finally:
        app.conf.task_default_queue, app.conf.broker_url = previous
        if broker_url:
            forget_broker_connections(app)


if __name__ == "__main__":
    from marketplace.celery import app

    app.conf.broker_transport_options = {
        "visibility_timeout": VISIBILITY_TIMEOUT,
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }
    app.worker_main(sys.argv[1:])
