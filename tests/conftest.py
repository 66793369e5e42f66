"""Test-wide setup: which database and broker the suite runs against, said in one line.

In CI (CI=true) the suite needs PostgreSQL and Redis and fails when either is missing; on a laptop
without them it falls back to SQLite and eager tasks.
"""

import contextlib
import os
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Browser, Page

from core.roles import ensure_town_hall_group
from shops.factories import UserFactory

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _cache_apart_from_the_broker() -> None:
    """With REDIS_URL the cache is Redis, and `cache.clear()` in a test flushes its whole database: the
    broker's queued tasks too, and the other xdist worker's cache. Each test process gets a database
    of its own (15, 14, …), never the broker's."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    if settings.REDIS_URL and "RedisCache" in settings.CACHES["default"]["BACKEND"]:
        database = f"/{15 - int(worker.removeprefix('gw'))}"
        settings.CACHES["default"]["LOCATION"] = urlsplit(settings.REDIS_URL)._replace(path=database).geturl()


_cache_apart_from_the_broker()


def pytest_report_header(config: pytest.Config) -> str:
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    broker = "Redis broker" if settings.REDIS_URL else "eager tasks (no REDIS_URL)"
    return f"marketplace tests on {engine} with {broker}"


def pytest_sessionstart(session: pytest.Session) -> None:
    if not IN_CI:
        if not settings.REDIS_URL or "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
            print(f"Not CI: {pytest_report_header(session.config)} (CI uses PostgreSQL and Redis).")
        return
    problems = []
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        problems.append("CI must test on PostgreSQL: set DATABASE_URL")
    if not settings.REDIS_URL:
        problems.append("CI must test with a Redis broker: set REDIS_URL")
    else:
        import redis

        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_timeout=3).ping()
        except redis.RedisError as error:
            problems.append(f"Redis is unreachable at {settings.REDIS_URL}: {error}")
    if problems:
        pytest.exit("; ".join(problems), returncode=3)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `postgresql` (pg_dump and pg_restore, tests/test_backup.py) are left out of a run on
    SQLite, not reported as skipped: there is nothing to skip there. CI runs on PostgreSQL, so they run."""
    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    left_out = [item for item in items if item.get_closest_marker("postgresql")]
    if left_out:
        items[:] = [item for item in items if item not in left_out]
        config.hook.pytest_deselected(items=left_out)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing costs most of a second per account; tests check behaviour, not hash strength.
    # Django's default stays second, so passwords hashed outside a test (session data) still check.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate limits (core/ratelimit.py) count in the cache, which outlives a test: each test starts at zero."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _mail_through_the_outbox(settings):
    """Production's mail path (pytest-django sets EMAIL_BACKEND to locmem): Django's mail API writes to
    the outbox, whose sending hands messages to the relay, here Django's in-memory mail.outbox."""
    settings.EMAIL_BACKEND = "orders.mail_backend.OutboxEmailBackend"
    settings.EMAIL_RELAY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files of a test go to its own folder, never to the developer's media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english_unless_french(request, settings):
    """Tests read English strings; tests marked `french` check the French-first default."""
    if request.node.get_closest_marker("french") is None:
        settings.LANGUAGE_CODE = "en"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """What a real SMTP server (aiosmtpd) received, and a switch to make it refuse mail."""

    def __init__(self) -> None:
        self.messages: list = []
        self.refuse_next = 0  # refuse this many messages with a temporary error

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.refuse_next:
            self.refuse_next -= 1
            return "451 4.3.0 Try again later"
        from email import message_from_bytes, policy

        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def smtp_inbox(settings):
    """A real SMTP server on a free local port, with Django's SMTP backend pointed at it."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_RELAY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


@pytest.fixture(autouse=True)
def _tasks_in_process(request):
    """Unit tests run Celery tasks in-process; tests marked `celery_worker` use a real worker."""
    from marketplace.celery import app

    eager = request.node.get_closest_marker("celery_worker") is None
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    yield
    app.conf.task_always_eager = previous


# Browser tests: Playwright driving Debian's Chromium against a live server. Without
# /usr/bin/chromium they are skipped on a laptop and fail in CI.
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# Chromium's own background traffic has nowhere to go here; these flags keep it quiet and fast.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Pages that link a CDN (Oscar's jQuery, with a local fallback) get an instant "not found"
    # instead of waiting on DNS: the suite needs no network and never depends on it.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
]
PHONE = {"width": 360, "height": 780}

# Playwright's sync API runs an event loop in this thread; the Django calls the tests make around
# it (factories, assertions on the database) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        if IN_CI:
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium to run browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# The hours a browser walk runs at as they are: late in the evening a shop has one time left today
# (a walk asking for two failed at 23:10), and the board's "today" tab is empty of tomorrow's orders.
WALK_HOURS = range(7, 21)


@pytest.fixture
def new_page(browser: Browser, live_server) -> Iterator[Callable[[], Page]]:
    """Opens a phone-sized page in a fresh context (its own cookies): one per person in a story.

    Outside WALK_HOURS the server's clock (the live server runs in this process) is set to 10:00 the
    same day, and runs on: the walk meets the town as residents do in the daytime, whenever CI runs.
    A test that set its own time within those hours keeps it."""
    contexts = []
    now = timezone.localtime()
    daytime = contextlib.nullcontext()
    if now.hour not in WALK_HOURS:
        daytime = time_machine.travel(now.replace(hour=10, minute=0, second=0, microsecond=0), tick=True)

    def open_page() -> Page:
        context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="fr-FR")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    with daytime:
        yield open_page
        for context in contexts:
            context.close()


@pytest.fixture
def page(new_page: Callable[[], Page]) -> Page:
    """A phone-sized page (360 px wide, as a senior's phone), in French as residents see it."""
    return new_page()


@pytest.fixture
def town_hall(db) -> Client:
    """A client logged in as a town hall member (mairie@example.com, staff, in the town hall group)."""
    user = UserFactory(email="mairie@example.com", is_staff=True)
    user.groups.add(ensure_town_hall_group())
    client = Client()
    client.force_login(user)
    return client
