"""Browser tests: Playwright driving Debian's Chromium against a live server.

Without /usr/bin/chromium the tests are skipped on a laptop and fail in CI.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import IN_CI

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
]

# Playwright's sync API runs an event loop in this thread; the Django calls the tests make around
# it (factories, assertions on the database) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        if IN_CI:
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium")
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium to run browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A phone-sized page (360 px wide, as a senior's phone), in French as residents see it."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 360, "height": 780}, locale="fr-FR"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
