"""The demo town as a visitor of `make run` finds it, and the language switcher, on a phone."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.conftest import check_page, menu_link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.french]


def shop_count(text: str) -> int:
    return int(re.search(r"\d+", text).group())


def test_the_demo_town_shows_its_thirty_shops_a_shop_page_and_a_product_page(page: Page) -> None:
    call_command("seed_demo", verbosity=0)

    page.goto("/")
    check_page(page, "demo-01-home")
    # The town's news, the shops' posts and the coming markets, as the demo seeds them.
    expect(page.get_by_role("heading", name="Le marché se commande en ligne")).to_be_visible()
    expect(page.get_by_text("Travaux rue Rieussec")).to_have_count(0)
    posts_title = page.get_by_role("heading", name="Offres et actualités des commerces")
    posts = page.locator("section").filter(has=posts_title)
    expect(posts.locator("article.post")).to_have_count(3)
    expect(posts.get_by_text("Menu du jour à 14,50 €")).to_be_visible()
    expect(posts.locator("img.post__photo")).to_have_count(2)
    markets = page.locator("section").filter(has=page.get_by_role("heading", name="Prochains marchés"))
    expect(markets.get_by_role("listitem")).to_have_count(3)
    expect(markets).to_contain_text("Marché du samedi")
    per_category = page.locator(".category-tiles__count").all_inner_texts()
    assert sum(shop_count(text) for text in per_category) >= 30, per_category

    menu_link(page, "Commerces").click()
    expect(page.locator(".result-count")).to_have_text(re.compile(r"^\d+ commerces trouvés$"))
    assert shop_count(page.locator(".result-count").inner_text()) >= 30
    expect(page.locator(".shop-card")).to_have_count(12)  # the first page of the directory
    check_page(page, "demo-02-directory")

    page.locator(".shop-card").first.get_by_role("link").click()
    shop_name = page.get_by_role("heading", level=1).inner_text()
    expect(page.locator(".product_pod").first).to_be_visible()
    check_page(page, "demo-03-shop")

    product_link = page.locator(".product_pod h3 a").first
    product_title = product_link.inner_text()
    product_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(product_title)
    expect(page.locator(".sold-by")).to_contain_text(f"Vendu par {shop_name}")
    expect(page.locator(".price_color").first).to_contain_text("€")
    check_page(page, "demo-04-product")


def test_the_language_switcher_goes_to_english_and_back(page: Page) -> None:
    page.goto("/shops/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Les commerces")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("The shops")
    expect(page).to_have_url(re.compile(r"/shops/$"))  # still on the page the resident was reading
    check_page(page, "language-english")

    page.get_by_role("button", name="Français").click()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Les commerces")
