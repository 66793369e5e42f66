"""`make backup` / `make restore` (scripts/backup.py): a demo town's database and pictures, archived then
restored into an empty PostgreSQL database, serve the same town.

Runs only when the suite runs on PostgreSQL (CI); elsewhere it is deselected, not skipped
(marker `postgresql`, tests/conftest.py).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.postgresql


def run(*args: str, database_url: str, media: Path, check: bool = True) -> subprocess.CompletedProcess:
    """A command of the project with its own database and media folder (not the test's)."""
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(DATABASE_URL=database_url, MEDIA_ROOT=str(media))
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, check=check, capture_output=True, text=True
    )


def row_counts(database_url: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(database_url) as connection:
        tables = [
            row[0]
            for row in connection.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        ]
        return {
            table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables
        }


def files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


@pytest.fixture
def new_database() -> Iterator:
    """Makes empty PostgreSQL databases on the test's server, dropped afterwards."""
    import psycopg

    server = settings.DATABASES["default"]
    admin = f"postgresql://{server['USER']}@{server['HOST'] or '127.0.0.1'}:{server['PORT'] or 5432}/postgres"
    if server.get("PASSWORD"):
        admin = admin.replace("@", f":{server['PASSWORD']}@", 1)
    made: list[str] = []

    def make(purpose: str) -> str:
        name = f"backup_{purpose}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        return admin.rsplit("/", 1)[0] + f"/{name}"

    yield make
    with psycopg.connect(admin, autocommit=True) as connection:
        for name in made:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


SERVE = """
from django.test import Client
from oscar.core.loading import get_model
from shops.selectors import is_sold_on_storefront
pictured = get_model("catalogue", "Product").objects.filter(images__isnull=False).order_by("pk")
product = next(p for p in pictured if is_sold_on_storefront(p))
client = Client()
for url in ("/", "/shops/", product.get_absolute_url(), product.primary_image().original.url):
    print("SERVED", url, client.get(url).status_code)
"""


def test_a_backup_restored_into_an_empty_database_serves_the_same_town(new_database, tmp_path):
    source, media = new_database("source"), tmp_path / "media"
    run("manage.py", "migrate", "--noinput", database_url=source, media=media)
    run("manage.py", "seed_demo", database_url=source, media=media)

    made = run(
        "scripts/backup.py", "backup", "--to", str(tmp_path / "backups"), database_url=source, media=media
    )

    archive = Path(made.stdout.strip())
    assert archive.parent == tmp_path / "backups"
    assert re.fullmatch(r"backup_source_\w{8}-\d{8}-\d{6}\.tar", archive.name)
    assert [p.name for p in archive.parent.iterdir()] == [archive.name]  # no partial file left

    target, restored_media = new_database("restored"), tmp_path / "restored-media"
    run("scripts/backup.py", "restore", str(archive), database_url=target, media=restored_media)

    assert row_counts(target) == row_counts(source)
    assert row_counts(target)["catalogue_product"] > 0
    assert files(restored_media) == files(media) and files(media)
    run("manage.py", "check", database_url=target, media=restored_media)
    run("manage.py", "migrate", "--check", database_url=target, media=restored_media)  # nothing left to apply
    served = run("manage.py", "shell", "-c", SERVE, database_url=target, media=restored_media).stdout
    statuses = [line.rsplit(" ", 1)[1] for line in served.splitlines() if line.startswith("SERVED ")]
    assert statuses == ["200"] * 4, served

    # A second restore would mix two towns: refused, the restored town unchanged (serving the pages
    # above counted a product view and cached thumbnails: compared with now, not with the source).
    served_town = row_counts(target)
    again = run(
        "scripts/backup.py", "restore", str(archive), database_url=target, media=restored_media, check=False
    )
    assert again.returncode != 0 and "has tables" in again.stderr
    assert row_counts(target) == served_town
