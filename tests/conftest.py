"""Test-wide setup: which database and broker the suite runs against, said in one line.

In CI (CI=true) the suite needs PostgreSQL and Redis and fails when either is missing; on a laptop
without them it falls back to SQLite and eager tasks.
"""

import os

import pytest
from django.conf import settings

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


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


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files of a test go to its own folder, never to the developer's media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english_unless_french(request, settings):
    """Tests read English strings; tests marked `french` check the French-first default."""
    if request.node.get_closest_marker("french") is None:
        settings.LANGUAGE_CODE = "en"
