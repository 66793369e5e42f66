"""The README's screenshots (issue #15 point 7), taken on the demo town that `make run` shows, on a
360 × 740 phone: the storefront's home, the checkout with its slot picker, the tracking page, the
baker's order board and the town hall's dashboard.

Each is kept in /tmp/walk/readme-<name>.png on every run and checked to stay under 150 KB (the
README loads them all); `UPDATE_README_SCREENSHOTS=1` also writes them to docs/screenshots/, to commit.
They are reduced to a 256-colour palette, which keeps text sharp and the files small.
"""

import io
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.contrib.sites.models import Site
from django.core.management import call_command
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Locator, Page, expect

from demo import data as demo
from orders.models import Checkout
from tests.browser.conftest import SCREENSHOTS, dashboard_login
from tests.browser.test_resident_walk import choose_a_time

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.french]

README_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE = {"width": 360, "height": 740}
MOST_BYTES = 150_000


@pytest.fixture
def demo_town() -> Iterator[None]:
    call_command("seed_demo", stdout=io.StringIO())
    yield
    Site.objects.clear_cache()  # the flush puts example.com back; the cache must not keep the demo's


def readme_screenshot(page: Page, name: str, *, centre: Locator | None = None) -> None:
    """The phone's screen as it is (scrolled to `centre` if given), as a small palette PNG."""
    if centre is not None:
        centre.evaluate("e => e.scrollIntoView({block: 'center'})")
    shot = Image.open(io.BytesIO(page.screenshot()))
    small = io.BytesIO()
    shot.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(
        small, "PNG", optimize=True
    )
    assert small.tell() < MOST_BYTES, f"{name}: {small.tell()} bytes"
    targets = [SCREENSHOTS / f"readme-{name}.png"]
    if os.environ.get("UPDATE_README_SCREENSHOTS"):
        targets.append(README_SCREENSHOTS / f"{name}.png")
    for target in targets:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(small.getvalue())


def test_the_readme_screenshots_of_the_demo_town_on_a_phone(
    demo_town: None, new_page: Callable[[], Page], settings
) -> None:
    settings.STRIPE_SECRET_KEY = settings.STRIPE_PUBLISHABLE_KEY = ""  # paid at pickup, as under make run
    resident = new_page()
    resident.set_viewport_size(PHONE)
    resident.goto("/")
    expect(resident.get_by_role("heading", level=1)).to_be_visible()
    readme_screenshot(resident, "storefront")

    resident.goto("/accounts/login/")
    resident.locator("#id_login-username").fill(demo.RESIDENT_EMAIL)
    resident.locator("#id_login-password").fill(demo.PASSWORD)
    resident.get_by_role("button", name="Connexion").first.click()
    expect(resident.locator("header")).to_contain_text("Mon compte")
    resident.goto("/shops/au-pain-de-viroflay/")
    resident.locator(".product_pod h3 a").first.click()
    resident.locator("#add_to_basket_form").get_by_role("button", name="Ajouter au panier").click()
    expect(resident.locator(".basket-added")).to_contain_text("ajouté à votre panier")
    resident.goto("/checkout/")
    resident.get_by_label("Téléphone portable").fill("06 12 34 56 78")
    times = resident.get_by_label("Créneau de retrait")
    choose_a_time(times)
    readme_screenshot(
        resident, "checkout-slots", centre=times.locator("xpath=..").locator(".slot-picker__days")
    )
    resident.get_by_role("button", name="Valider ma commande").click()
    expect(resident.get_by_role("heading", level=1)).to_have_text("Merci, votre commande est passée")
    readme_screenshot(resident, "tracking", centre=resident.get_by_label("Code de retrait", exact=True))

    baker = new_page()
    baker.set_viewport_size(PHONE)
    dashboard_login(
        baker, "au-pain-de-viroflay@example.com", then="/dashboard/board/", password=demo.PASSWORD
    )
    order = Checkout.objects.get().orders.get()
    if timezone.localdate(order.slot_start) != timezone.localdate():
        baker.goto("/dashboard/board/?when=upcoming")
    expect(baker.locator("article.board-order").first).to_be_visible()
    readme_screenshot(baker, "merchant-board")

    town_hall = new_page()
    town_hall.set_viewport_size(PHONE)
    dashboard_login(
        town_hall, demo.TOWN_HALL_EMAIL, then="/dashboard/shop/applications/", password=demo.PASSWORD
    )
    expect(town_hall.get_by_role("link", name="Le Petit Épi")).to_be_visible()
    readme_screenshot(town_hall, "town-hall-dashboard")
