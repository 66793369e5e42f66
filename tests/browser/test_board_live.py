"""The merchant's order board refreshes itself: an order placed while it is open appears without a
reload, and the tab's title counts it until the merchant taps the page."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from oscar.core.loading import get_class, get_model
from playwright.sync_api import Page, expect

from orders import services
from orders.models import Checkout, Fulfilment
from orders.placement import Contact, FulfilmentChoice, checkout_place, shop_slots
from shops.factories import ProductFactory, make_merchant
from shops.models import Partner, ProductDetails
from tests.browser.conftest import always_open_shop, dashboard_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.french]

Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")


def place_order(shop: Partner, start: dt.datetime, product=None, quantity: int = 1) -> Checkout:
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    product = product or ProductFactory(title="Fraisier", shop=shop, price=Decimal("28.00"))
    basket.add_product(product, quantity)
    return checkout_place(
        basket=basket,
        choices={shop.pk: FulfilmentChoice(method=Fulfilment.PICKUP, slot_start=start)},
        contact=Contact(email="camille@example.com", phone="06 12 34 56 78", first_name="Camille",
                        last_name="Martin"),
        user=None,
    )  # fmt: skip


def test_a_new_order_appears_on_the_open_board_and_the_title_counts_it(page: Page) -> None:
    shop = always_open_shop(name="Au Bon Pain")
    make_merchant(shop, email="pain@example.com")
    start = [slot for slot in shop_slots(shop, now=timezone.now()) if not slot.is_full][1].start
    tab = "" if timezone.localdate(start) == timezone.localdate() else "?when=upcoming"

    # The board polls every 15 seconds: the page's clock is run forward instead of waited for.
    page.clock.install()
    dashboard_login(page, "pain@example.com", then=f"/dashboard/board/{tab}")
    expect(page.locator("article.board-order")).to_have_count(0)
    title = page.title()
    page.clock.run_for(2_000)  # the first poll: the board as it is, nothing new

    order = place_order(shop, start).orders.get()
    page.clock.run_for(16_000)

    card = page.locator("article.board-order")
    expect(card).to_have_count(1)
    expect(card).to_contain_text(order.number)
    expect(card).to_contain_text("Fraisier")
    expect(page).to_have_title(f"(1) {title}")
    expect(page.locator(".board-sound__status")).to_contain_text(order.number)  # said to screen readers

    page.locator("h1").click()  # the merchant looks: the count goes
    expect(page).to_have_title(title)
    assert not re.match(r"^\(\d+\)", page.title())


def test_the_order_buttons_do_not_move_when_the_board_script_starts(page: Page) -> None:
    """A baker taps "Accepter" as soon as the board shows: the sound bar the script reveals must not
    push the card down under the finger (it did, and a tap landed beside the button)."""
    shop = always_open_shop(name="Au Bon Pain")
    make_merchant(shop, email="pain@example.com")
    start = [slot for slot in shop_slots(shop, now=timezone.now()) if not slot.is_full][1].start
    place_order(shop, start)
    tab = "" if timezone.localdate(start) == timezone.localdate() else "?when=upcoming"
    button = page.locator("article.board-order").get_by_role("button", name="Accepter")

    page.route("**/board.js", lambda route: route.abort())  # the board as it is before its script runs
    dashboard_login(page, "pain@example.com", then=f"/dashboard/board/{tab}")
    before = button.bounding_box()

    page.unroute("**/board.js")
    page.reload()
    expect(page.locator(".board-sound__toggle")).to_be_visible()
    after = button.bounding_box()
    assert abs(after["y"] - before["y"]) <= 1 and abs(after["x"] - before["x"]) <= 1  # it moved 60 px


def test_a_weight_being_typed_survives_a_new_order_arriving(page: Page) -> None:
    shop = always_open_shop(name="Boucherie Gaillard")
    make_merchant(shop, email="viande@example.com")
    entrecote = ProductFactory(title="Entrecôte", shop=shop, price=Decimal("32.00"), stock=100)
    ProductDetails.objects.create(product=entrecote, unit=ProductDetails.Unit.KG)
    start = [slot for slot in shop_slots(shop, now=timezone.now()) if not slot.is_full][1].start
    services.order_accept(order=place_order(shop, start, entrecote, quantity=3).orders.get())
    tab = "" if timezone.localdate(start) == timezone.localdate() else "?when=upcoming"

    page.clock.install()
    dashboard_login(page, "viande@example.com", then=f"/dashboard/board/{tab}")
    page.clock.run_for(2_000)
    field = page.get_by_label(re.compile("^Poids réel de Entrecôte"))
    field.fill("310")

    place_order(shop, start)  # the board swaps itself in while the butcher types
    page.clock.run_for(16_000)

    expect(page.locator("article.board-order")).to_have_count(2)
    expect(field).to_have_value("310")
    expect(field).to_be_focused()
