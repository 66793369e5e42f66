"""The search box's suggestions on a phone, in French: each product says its shop (two bakers' croissants
are told apart), the count is said to screen readers in French, and the keyboard picks one."""

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from shops.factories import ProductFactory, ShopFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.french]


def test_two_bakers_croissants_are_told_apart_and_the_keyboard_opens_one(page: Page) -> None:
    for name in ("Au Bon Pain", "Fournil du Marché"):
        ProductFactory(title="Croissant pur beurre", shop=ShopFactory(name=name), price=Decimal("1.20"))
    page.goto("/")

    page.locator("#site-search-q").fill("crois")

    options = page.get_by_role("option")
    expect(options).to_have_count(2)
    expect(options.nth(0)).to_contain_text("Croissant pur beurre · ")
    shops = {options.nth(i).inner_text().split(" · ")[1] for i in range(2)}
    assert shops == {"Au Bon Pain", "Fournil du Marché"}
    expect(page.locator("#site-search-status")).to_have_text(
        "2 suggestions, choisissez avec les flèches haut et bas"
    )
    page.locator("#site-search-q").press("ArrowDown")
    page.locator("#site-search-q").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Croissant pur beurre")
