"""Browser tests: what every walk-through checks on each page it reaches (fits a 360 px screen,
every field labelled, no serious axe-core violation at 360 and 1280 px, a screenshot in /tmp/walk)
and the shops they are built from.

The `browser`, `new_page` and `page` fixtures live in tests/conftest.py: walks outside this folder
(vouchers, pickup points) share the one Chromium of the session.
"""

import datetime as dt
import os
import re
from pathlib import Path

from playwright.sync_api import Locator, Page

from shops.factories import DEFAULT_PASSWORD, ShopFactory
from shops.models import OpeningHours, Partner
from tests.browser.axe import axe_check_both_screens

SCREENSHOTS = Path(os.environ.get("WALK_SCREENSHOTS", "/tmp/walk"))

# Fields a person fills in. Buttons, hidden inputs and fields hidden from screen readers behind a
# widget that replaces them (select2) need no label of their own.
FIELDS = "input:visible, select:visible, textarea:visible"
UNLABELLED_FIELDS_JS = """
fields => fields
    .filter(f => !["submit", "button", "reset", "image", "hidden"].includes(f.type))
    .filter(f => !f.closest("[aria-hidden=true]"))
    .filter(f => !(f.getAttribute("aria-label") || "").trim()
        && !f.getAttribute("aria-labelledby")
        && !f.closest("label")
        && !(f.id && document.querySelector(`label[for="${CSS.escape(f.id)}"]`)))
    .map(f => f.outerHTML.slice(0, 160))
"""
# What sticks out to the right of the screen, innermost first, to say what to fix.
OVERFLOWING_JS = """
width => Array.from(document.querySelectorAll("body *"))
    .filter(e => e.getBoundingClientRect().right > width + 1)
    .reverse().slice(0, 5)
    .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join(".")}`)
"""


def screenshot(page: Page, name: str) -> None:
    """A full-page screenshot as /tmp/walk/<name>.png, to look at what the test saw."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def check_page(page: Page, name: str) -> None:
    """What a person on a small phone needs of a page: no sideways scrolling, every field labelled."""
    check_fits(page, name)
    unlabelled = page.locator(FIELDS).evaluate_all(UNLABELLED_FIELDS_JS)
    assert not unlabelled, f"{name}: fields without a label: {unlabelled}"


def check_fits(page: Page, name: str) -> None:
    """The page does not scroll sideways on the phone's screen (a screenshot is kept), and axe-core
    finds no serious or critical WCAG 2.1 AA violation on it, on the phone and on a desk."""
    screenshot(page, name)
    width = page.viewport_size["width"]
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, (
        f"{name}: the page scrolls sideways ({scroll_width}px wide on a {width}px screen): "
        f"{page.evaluate(OVERFLOWING_JS, width)}"
    )
    axe_check_both_screens(page, name)


def dashboard_login(
    page: Page, email: str, *, then: str = "/dashboard/", password: str = DEFAULT_PASSWORD
) -> None:
    """Log into the dashboard with its login form, as a merchant or the town hall does, landing on `then`."""
    page.goto(f"/dashboard/login/?next={then}")
    # Oscar labels the field "username"; its EmailBackend takes the email typed there.
    page.get_by_label(re.compile("utilisateur|e-mail", re.IGNORECASE)).fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.locator("form").filter(has=page.get_by_label("Mot de passe")).get_by_role("button").click()
    page.wait_for_url(f"**{then}")


def always_open_shop(**kwargs) -> Partner:
    """A shop open every day round the clock, ready at once: slots exist whenever the test runs."""
    shop = ShopFactory(hours=False, preparation_minutes=0, **kwargs)
    OpeningHours.objects.bulk_create(
        OpeningHours(shop=shop, weekday=weekday, opens=dt.time(0), closes=dt.time(0)) for weekday in range(7)
    )
    return shop


def menu_link(page: Page, name: str) -> Locator:
    """A link of the header's menu, opening the menu first where it is folded (on a phone)."""
    # The menu folds when its deferred script runs: asked before, the link shows, then folds away
    # under the test's hand (a flaky failure just after a navigation).
    page.wait_for_load_state("domcontentloaded")
    toggle = page.locator("#site-menu-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    return page.locator("header").get_by_role("navigation").get_by_role("link", name=name)
