"""Settings and a `.env` file: the one the production steps write (`cp .env.example .env`) is read by
`manage.py` on that machine, never by the test suite, whose behaviour it would turn into production's."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = "DEBUG=0\nALLOWED_HOSTS=marche.example.fr\nSECRET_KEY=from-the-env-file\n"
READ = (
    "from django.conf import settings; import json; print(json.dumps([settings.DEBUG, "
    "settings.ALLOWED_HOSTS, settings.SECRET_KEY, settings.STORAGES['staticfiles']['BACKEND']]))"
)


def checkout_with_env_file(tmp_path: Path) -> Path:
    """A checkout of the project (settings copied, the rest linked) with a production .env in it."""
    root = tmp_path / "checkout"
    root.mkdir()
    for entry in BASE_DIR.iterdir():
        if entry.name == "marketplace":
            shutil.copytree(entry, root / entry.name, ignore=shutil.ignore_patterns("__pycache__"))
        elif not entry.name.startswith("."):
            (root / entry.name).symlink_to(entry)
    (root / ".env").write_text(PRODUCTION_ENV)
    return root


def settings_in(root: Path, env: dict[str, str]) -> list:
    for name in ("DEBUG", "ALLOWED_HOSTS", "SECRET_KEY"):
        env.pop(name, None)
    env["DJANGO_SETTINGS_MODULE"] = "marketplace.settings"
    done = subprocess.run(
        [sys.executable, "-c", READ], cwd=root, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_tests_ignore_a_production_env_file_in_the_checkout(tmp_path):
    root = checkout_with_env_file(tmp_path)

    debug, hosts, secret, static = settings_in(root, dict(os.environ))  # PYTEST_VERSION set by pytest

    assert debug is True
    assert "127.0.0.1" in hosts and "testserver" in hosts
    assert secret != "from-the-env-file"
    assert static == "django.contrib.staticfiles.storage.StaticFilesStorage"  # no manifest needed


def test_manage_py_outside_the_tests_reads_the_env_file(tmp_path):
    root = checkout_with_env_file(tmp_path)
    env = {name: value for name, value in os.environ.items() if name != "PYTEST_VERSION"}

    debug, hosts, secret, _static = settings_in(root, env)

    assert (debug, hosts, secret) == (False, ["marche.example.fr"], "from-the-env-file")
