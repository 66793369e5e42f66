"""`make run` / `make test` on a fresh Debian machine: the virtualenv step recovers from Debian's missing
python3-venv (a failed `python3 -m venv` leaves a .venv without pip). Runs the real Makefile in a
scratch folder with an empty requirements.txt, pip kept offline; apt-get and id are stand-ins."""

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# The interpreter the venv is made from: the one the suite runs on, without its own venv.
REAL_PYTHON = shutil.which(f"python{sys.version_info.major}.{sys.version_info.minor}") or sys.executable


def project(tmp_path: Path) -> Path:
    root = tmp_path / "checkout"
    root.mkdir()
    shutil.copy(BASE_DIR / "Makefile", root)
    (root / "requirements.txt").write_text("")
    return root


def script(path: Path, text: str) -> Path:
    path.write_text("#!/bin/sh\n" + text)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


def make(root: Path, *args: str, path: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env["PATH"] = f"{path}:{env['PATH']}" if path else env["PATH"]
    return subprocess.run(
        ["make", "--no-print-directory", ".venv/bin/.installed", *args],
        cwd=root, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def pip_works(root: Path) -> bool:
    python = root / ".venv" / "bin" / "python"
    return python.exists() and subprocess.run([python, "-m", "pip", "--version"]).returncode == 0


def test_a_venv_left_without_pip_is_made_again(tmp_path):
    root = project(tmp_path)
    # What `python3 -m venv` leaves behind on Debian without python3-venv.
    subprocess.run([REAL_PYTHON, "-m", "venv", "--without-pip", root / ".venv"], check=True)

    done = make(root, f"PYTHON={REAL_PYTHON}")

    assert done.returncode == 0, done.stdout + done.stderr
    assert pip_works(root)
    assert (root / ".venv" / "bin" / ".installed").exists()


def fake_debian(tmp_path: Path, *, uid: int) -> tuple[Path, Path]:
    """A python3.11 whose venv fails until apt-get has installed python3.11-venv, as on Debian."""
    bin_dir, log = tmp_path / "bin", tmp_path / "calls.log"
    bin_dir.mkdir()
    installed = tmp_path / "installed"
    script(bin_dir / "id", f"echo {uid}\n")
    script(bin_dir / "apt-get", f'echo "apt-get $*" >> {log}\n[ "$1" = install ] && touch {installed}\n')
    script(bin_dir / "python3.11", f'echo "python $*" >> {log}\n[ -e {installed} ] || exit 1\n'
                                   f'exec {REAL_PYTHON} "$@"\n')  # fmt: skip
    return bin_dir, log


def test_as_root_the_missing_venv_package_is_installed_and_the_venv_made(tmp_path):
    root = project(tmp_path)
    bin_dir, log = fake_debian(tmp_path, uid=0)

    done = make(root, f"PYTHON={bin_dir / 'python3.11'}", path=str(bin_dir))

    assert done.returncode == 0, done.stdout + done.stderr
    assert log.read_text().splitlines() == [
        "python -m venv .venv",
        "apt-get install -y -q python3.11-venv",
        "python -m venv .venv",
    ]
    assert pip_works(root)


def test_otherwise_one_line_says_what_to_install(tmp_path):
    root = project(tmp_path)
    bin_dir, log = fake_debian(tmp_path, uid=1000)

    done = make(root, f"PYTHON={bin_dir / 'python3.11'}", path=str(bin_dir))

    assert done.returncode != 0
    assert "sudo apt-get install python3.11-venv" in done.stdout
    assert "apt-get" not in log.read_text()
    assert not (root / ".venv").exists()
