"""Accessibility on the demo town that `make run` shows (issue #15, point 6).

axe-core already checks every page the other walks reach (check_page in conftest.py). This tour adds
the pages a walk passes through without stopping (catalogue, a category, search, markets, the account
pages, the merchant's product form, hours and Oscar's lists, the town hall's pages), each checked at
360 × 740 and 1280 × 800 with no serious or critical WCAG 2.1 A/AA violation, every field labelled and
nothing wider than the phone.
"""

import importlib
import io
import re
from collections.abc import Callable, Iterator

import pytest
from django.apps import apps as django_apps
from django.contrib.sites.models import Site
from django.core.management import call_command
from playwright.sync_api import Page, expect

from demo import data as demo
from tests.browser.conftest import check_page, dashboard_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.french]


@pytest.fixture
def demo_town() -> Iterator[None]:
    call_command("seed_demo", stdout=io.StringIO())
    # The legal pages as `migrate` writes them (the suite runs without migrations).
    importlib.import_module("privacy.migrations.0001_legal_pages").create_pages(django_apps, None)
    importlib.import_module("privacy.migrations.0002_accessibility_statement_rgaa").statement_complete(
        django_apps, None
    )
    yield
    Site.objects.clear_cache()  # the flush puts example.com back; the cache must not keep the demo's


def first_link(page: Page, pattern: str) -> str:
    """The address of the page's first link whose address matches `pattern`."""
    hrefs = page.locator("a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return next(href for href in hrefs if re.search(pattern, href))


def tour(page: Page, role: str, paths: list[str], failures: list[str]) -> None:
    """Open each page and check it, noting what fails rather than stopping at the first page."""
    for path in paths:
        response = page.goto(path)
        assert response and response.ok, f"{role} {path}: {response and response.status}"
        try:
            check_page(page, f"a11y-{role}-{path.strip('/').replace('/', '-')[:50] or 'home'}")
        except AssertionError as failure:
            failures.append(f"{role} {path}: {failure}")


def test_every_page_of_the_demo_town_passes_axe_on_a_phone_and_a_desk(
    demo_town: None, new_page: Callable[[], Page]
) -> None:
    failures: list[str] = []
    visitor = new_page()

    visitor.goto("/catalogue/")
    category = first_link(visitor, r"^/catalogue/category/")
    visitor.goto("/shops/")
    shop = first_link(visitor, r"^/shops/(?!join/)[\w-]+/$")
    visitor.goto(shop)
    product = first_link(visitor, r"^/catalogue/[\w-]+_\d+/$")
    tour(
        visitor,
        "visitor",
        [
            "/",
            "/catalogue/",
            category,
            "/search/?q=pain",
            "/shops/",
            shop,
            product,
            "/markets/",
            "/today/",
            "/accessibilite/",
            "/accounts/login/",
            "/basket/",
        ],
        failures,
    )

    resident = new_page()
    resident.goto("/accounts/login/")
    resident.locator("#id_login-username").fill(demo.RESIDENT_EMAIL)
    resident.locator("#id_login-password").fill(demo.PASSWORD)
    resident.get_by_role("button", name="Connexion").first.click()
    expect(resident.locator("header")).to_contain_text("Mon compte")
    resident.goto(product)
    resident.locator("#add_to_basket_form").get_by_role("button", name="Ajouter au panier").click()
    expect(resident.locator(".basket-added")).to_contain_text("ajouté à votre panier")
    tour(
        resident,
        "resident",
        [
            "/accounts/profile/",
            "/accounts/profile/edit/",
            "/accounts/orders/",
            "/accounts/addresses/",
            "/accounts/change-password/",
            "/basket/",
            "/checkout/",
        ],
        failures,
    )

    merchant = new_page()
    dashboard_login(merchant, "au-pain-de-viroflay@example.com", password=demo.PASSWORD)
    merchant.goto("/dashboard/shop/mine/products/")
    product_form = first_link(merchant, r"^/dashboard/shop/mine/products/\d+/$")
    tour(
        merchant,
        "merchant",
        [
            "/dashboard/",
            "/dashboard/board/",
            "/dashboard/shop/mine/",
            "/dashboard/shop/mine/products/",
            "/dashboard/shop/mine/products/add/",
            product_form,
            "/dashboard/catalogue/",
            "/dashboard/orders/",
            "/dashboard/board/phone-order/",
        ],
        failures,
    )

    town_hall = new_page()
    dashboard_login(town_hall, demo.TOWN_HALL_EMAIL, password=demo.PASSWORD)
    town_hall.goto("/dashboard/townhall/markets/")
    market = first_link(town_hall, r"^/dashboard/townhall/markets/\d+/$")
    tour(
        town_hall,
        "town-hall",
        [
            "/dashboard/",
            "/dashboard/shop/applications/",
            "/dashboard/townhall/announcements/",
            "/dashboard/townhall/announcements/new/",
            "/dashboard/townhall/markets/",
            market,
            "/dashboard/townhall/moderation/",
            "/dashboard/oversight/",
            "/dashboard/gift-vouchers/",
            "/dashboard/gift-vouchers/issue/",
            "/dashboard/orders/",
            "/dashboard/catalogue/",
        ],
        failures,
    )

    assert not failures, "\n\n".join(failures)
