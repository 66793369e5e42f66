"""A resident on a phone orders from a market gardener and picks a time at its stall on market day."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from markets.models import Market
from orders.models import Order
from shops.factories import ProductFactory, ShopFactory
from tests.browser.conftest import check_page
from tests.browser.test_resident_walk import choose_slot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.french]

PLACE = "Marché de la Halle, Halle couverte"


def market_garden():
    """A stall without premises at a market held today and tomorrow, ready at once: stall times exist
    whenever the test runs."""
    stall = ShopFactory(
        name="Le Potager de Marcel", hours=False, offers_market_pickup=True, preparation_minutes=0
    )
    ProductFactory(title="Panier de légumes", shop=stall)
    today = timezone.localdate()
    for day in (today, today + dt.timedelta(days=1)):
        market = Market.objects.create(
            name="Marché de la Halle",
            place="Halle couverte",
            weekday=day.weekday(),
            opens=dt.time(0),
            closes=dt.time(23, 30),
        )
        market.stallholders.add(stall)
    return stall


def test_a_resident_picks_a_time_at_the_market_stall(page: Page) -> None:
    market_garden()

    page.goto("/shops/le-potager-de-marcel/")
    page.get_by_role("link", name="Panier de légumes").first.click()
    page.locator("#add_to_basket_form").get_by_role("button", name="Ajouter au panier").click()
    expect(page.locator(".basket-added")).to_contain_text("ajouté à votre panier")
    page.goto("/checkout/")

    page.get_by_label("Prénom").fill("Camille")
    page.get_by_label(re.compile("^Nom")).fill("Martin")
    page.get_by_label("E-mail").fill("camille.martin@example.com")
    page.get_by_label("Téléphone portable").fill("06 12 34 56 78")
    times = page.get_by_label("Créneau de retrait")
    # The times at the stall are grouped under the market's name and place.
    expect(times.locator(f"optgroup[label$='{PLACE}']").first).to_be_attached()
    option = times.locator("option[value*='@']:not([disabled])").nth(1)
    label = option.text_content()
    assert label.endswith(PLACE), label
    choose_slot(times, option)
    # At 360 px the market's day chip is narrow enough for the next days to show beside it.
    day_chip = page.locator(".slot-picker__days .slot-chip").first
    expect(day_chip).to_contain_text("Marché de la Halle")
    assert day_chip.bounding_box()["width"] < 180
    check_page(page, "market-01-checkout")
    page.get_by_role("button", name="Valider ma commande").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Merci, votre commande est passée")
    check_page(page, "market-02-tracking")
    order = Order.objects.get()
    assert order.market.name == "Marché de la Halle"
    facts = page.locator("article.track-order .track-order__facts")
    expect(facts).to_contain_text(PLACE)
    expect(facts).not_to_contain_text(order.shop.full_address)
    expect(page.get_by_label("Code de retrait", exact=True)).to_have_count(1)
