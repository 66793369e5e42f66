"""What every benchmark shares: a throwaway database, timing, and the report line."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import django


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/marketplace_bench")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench")
    # Plain http on this machine: production's HTTPS redirect would answer every page 301.
    os.environ.setdefault("SECURE_COOKIES", "0")
    django.setup()


@contextmanager
def throwaway_database() -> Iterator[None]:
    """A fresh database built from the models, dropped afterwards (the real one is never touched)."""
    from django.db import connection

    connection.settings_dict.setdefault("TEST", {})["MIGRATE"] = False
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def report(name: str, samples: list[float]) -> dict:
    figures = {
        "name": name,
        "n": len(samples),
        "median_ms": statistics.median(samples),
        "p95_ms": percentile(samples, 0.95),
    }
    median, p95 = figures["median_ms"], figures["p95_ms"]
    print(f"{name:<48} n={figures['n']:<4} median={median:7.1f} ms  p95={p95:7.1f} ms")
    return figures
