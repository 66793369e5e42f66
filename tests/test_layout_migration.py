"""A town's database built before the apps' layout (one `marketplace` package) migrates without losing a row.

The code of that time is taken from git, builds a database with the demo town, then today's code
migrates it: every table keeps its rows (the moved models kept their tables), content types follow
the models, and `seed_demo` stays idempotent. On SQLite always, and on PostgreSQL when the suite runs
on it (CI).
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

# main before the layout change (2026-12-07): the project package still held the town hall's models.
BEFORE_LAYOUT = "eab535780bc7bc4c8354eab620c91aeb3bcbc216"
ROOT = Path(__file__).resolve().parent.parent
MOVED_TABLES = (
    "marketplace_announcement",
    "marketplace_merchantpost",
    "marketplace_moderationevent",
    "marketplace_market",
    "marketplace_market_stallholders",
    "marketplace_marketbreak",
    "marketplace_marketcancellation",
    "marketplace_townday",
    "marketplace_shopday",
)
ON_POSTGRESQL = "postgresql" in settings.DATABASES["default"]["ENGINE"]


def manage(code: Path, database_url: str, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env["DATABASE_URL"] = database_url
    subprocess.run([sys.executable, "manage.py", *args], cwd=code, env=env, check=True, capture_output=True)


class Snapshot:
    """Every table's row count, the moved tables' rows themselves, and the content types (read with
    the database's own driver: the test's Django connection points at the test database)."""

    def __init__(self, database_url: str):
        if database_url.startswith("sqlite"):
            import sqlite3

            connection = sqlite3.connect(database_url.removeprefix("sqlite:///"))
            tables_sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        else:
            import psycopg

            connection = psycopg.connect(database_url)
            tables_sql = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        try:
            cursor = connection.cursor()
            cursor.execute(tables_sql)
            tables = [row[0] for row in cursor.fetchall()]
            self.counts = {}
            for table in tables:
                cursor.execute(f'SELECT count(*) FROM "{table}"')
                self.counts[table] = cursor.fetchone()[0]
            self.rows = {}
            for table in MOVED_TABLES:
                cursor.execute(f'SELECT * FROM "{table}" ORDER BY 1')
                self.rows[table] = cursor.fetchall()
            cursor.execute("SELECT app_label, model FROM django_content_type")
            self.content_types = set(cursor.fetchall())
        finally:
            connection.close()


@pytest.fixture(params=["sqlite", *(["postgresql"] if ON_POSTGRESQL else [])])
def database_url(request, tmp_path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'town.sqlite3'}"
        return
    import psycopg

    server = settings.DATABASES["default"]
    name = f"layout_migration_{uuid.uuid4().hex[:8]}"
    admin = f"postgresql://{server['USER']}@{server['HOST'] or '127.0.0.1'}:{server['PORT'] or 5432}/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def code_before_layout(tmp_path) -> Path:
    folder = tmp_path / "before"
    folder.mkdir()
    archive = subprocess.run(["git", "archive", BEFORE_LAYOUT], cwd=ROOT, check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    return folder


def test_a_demo_town_built_before_the_layout_migrates_with_every_row(code_before_layout, database_url):
    manage(code_before_layout, database_url, "migrate", "--noinput")
    manage(code_before_layout, database_url, "seed_demo")
    before = Snapshot(database_url)
    assert before.counts["marketplace_market"] > 0 and before.counts["marketplace_announcement"] > 0

    manage(ROOT, database_url, "migrate", "--noinput")
    after = Snapshot(database_url)

    # Every table of then keeps its rows (later migrations may add some: pages, permissions).
    lost = {
        t: (count, after.counts.get(t, 0))
        for t, count in before.counts.items()
        if after.counts.get(t, 0) < count
    }
    assert lost == {}
    assert after.rows == before.rows
    moved = {("markets", "market"), ("townhall", "moderationevent"), ("oversight", "shopday")}
    assert moved <= after.content_types
    assert not {ct for ct in after.content_types if ct[0] == "marketplace"}

    manage(ROOT, database_url, "seed_demo")
    once = Snapshot(database_url)
    manage(ROOT, database_url, "seed_demo")
    assert Snapshot(database_url).counts == once.counts  # seed_demo is still idempotent
