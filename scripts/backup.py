"""Backs up the town's PostgreSQL database and uploaded pictures into one archive, and restores one.

    python scripts/backup.py backup [--to backups/]       # -> backups/marketplace-20261208-031500.tar
    python scripts/backup.py restore backups/marketplace-20261208-031500.tar

The database is the one `DATABASE_URL` names and the pictures are `MEDIA_ROOT`, read through the
project's settings (so `.env` applies, as for manage.py). The archive holds `database.dump`
(`pg_dump --format=custom`) and `media/`. A restore goes into an empty database only (create it
first: `createdb`), with `pg_restore --no-owner`, so the restoring role owns every table; the pictures
are written into MEDIA_ROOT. pg_dump must be of the server's major version or newer.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DUMP = "database.dump"
MEDIA = "media"


def settings() -> tuple[dict, Path]:
    """The default database's settings and MEDIA_ROOT, as the project reads them."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    from django.conf import settings as django_settings

    database = django_settings.DATABASES["default"]
    if "postgresql" not in database["ENGINE"]:
        sys.exit(f"Backups are for PostgreSQL; DATABASE_URL names {database['ENGINE']}.")
    return database, Path(django_settings.MEDIA_ROOT)


def libpq_env(database: dict) -> dict[str, str]:
    """pg_dump and pg_restore read the connection from PG* variables (the password never in argv)."""
    env = dict(os.environ)
    values = {
        "PGHOST": database.get("HOST") or "",
        "PGPORT": str(database.get("PORT") or ""),
        "PGUSER": database.get("USER") or "",
        "PGPASSWORD": database.get("PASSWORD") or "",
        "PGDATABASE": database["NAME"],
    }
    env.update({name: value for name, value in values.items() if value})
    return env


def backup(to: Path) -> Path:
    database, media_root = settings()
    to.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    archive = to / f"{database['NAME']}-{stamp}.tar"
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DUMP
        subprocess.run(["pg_dump", "--format=custom", f"--file={dump}"], env=libpq_env(database), check=True)
        # Written under a temporary name: an interrupted backup never looks like a complete one.
        partial = archive.with_suffix(".tar.partial")
        with tarfile.open(partial, "w") as tar:
            tar.add(dump, arcname=DUMP)
            if media_root.is_dir():
                tar.add(media_root, arcname=MEDIA)
        partial.rename(archive)
    return archive


def is_empty(database: dict) -> bool:
    tables = subprocess.run(
        ["psql", "--no-psqlrc", "-At", "-c", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"],
        env=libpq_env(database),
        check=True,
        capture_output=True,
        text=True,
    )
    return tables.stdout.strip() == "0"


def restore(archive: Path) -> None:
    database, media_root = settings()
    if not is_empty(database):
        sys.exit(f"Database {database['NAME']} has tables: restore into an empty one (createdb).")
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive) as tar:
        # The "data" filter refuses absolute paths, links leaving the folder and device files.
        tar.extractall(work, filter="data")
        subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                f"--dbname={database['NAME']}",
                str(Path(work) / DUMP),
            ],
            env=libpq_env(database),
            check=True,
        )
        media = Path(work) / MEDIA
        if media.is_dir():
            shutil.copytree(media, media_root, dirs_exist_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    making = commands.add_parser("backup", help="dump the database and the media into one archive")
    making.add_argument("--to", type=Path, default=ROOT / "backups", help="folder of the archives")
    restoring = commands.add_parser("restore", help="restore an archive into an empty database")
    restoring.add_argument("archive", type=Path)
    arguments = parser.parse_args()
    if arguments.command == "backup":
        print(backup(arguments.to))
    else:
        restore(arguments.archive)
        print(f"Restored {arguments.archive}")


if __name__ == "__main__":
    main()
