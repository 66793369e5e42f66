"""Nothing forgotten: a resident half-way through the checkout goes back to the basket to add an item,
and finds the checkout as they left it (contact, way of getting each order, times, address)."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from shops.factories import ProductFactory
from tests.browser.conftest import always_open_shop
from tests.browser.test_resident_walk import choose_a_time

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.french]


def test_a_trip_to_the_basket_keeps_every_checkout_choice(page: Page) -> None:
    bakery = always_open_shop(name="Au Bon Pain")
    greens = always_open_shop(
        name="Primeur Marcel", offers_delivery=True, delivery_postcodes="78220", delivery_fee=Decimal("3.00")
    )
    baguette = ProductFactory(title="Baguette tradition", shop=bakery, price=Decimal("1.30"))
    basket = ProductFactory(title="Panier de légumes", shop=greens, price=Decimal("15.00"))
    croissant = ProductFactory(title="Croissant", shop=bakery, price=Decimal("1.10"))
    for product in (baguette, basket):
        page.goto(product.get_absolute_url())
        page.locator("#add_to_basket_form button[type=submit]").click()
        expect(page.locator(".basket-added")).to_be_visible()

    page.goto("/checkout/")
    page.get_by_label("Prénom").fill("Camille")
    page.get_by_label("E-mail").fill("camille.martin@example.com")
    page.get_by_label("Téléphone portable").fill("06 12 34 56 78")
    bakery_section = page.locator("section.checkout-shop").filter(
        has=page.get_by_role("heading", name="Au Bon Pain")
    )
    pickup = bakery_section.get_by_label("Créneau de retrait")
    choose_a_time(pickup)
    chosen_pickup = pickup.input_value()
    greens_section = page.locator("section.checkout-shop").filter(
        has=page.get_by_role("heading", name="Primeur Marcel")
    )
    greens_section.get_by_label("Livraison à domicile").check()
    delivery = greens_section.get_by_label("Créneau de livraison")
    choose_a_time(delivery)
    chosen_delivery = delivery.input_value()
    greens_section.get_by_label("Adresse de livraison").fill("12 rue des Tilleuls")

    # Back to the shops for one more item, then to the checkout again.
    page.goto(croissant.get_absolute_url())
    page.locator("#add_to_basket_form button[type=submit]").click()
    expect(page.locator(".basket-added")).to_be_visible()
    page.goto("/basket/")
    page.get_by_role("link", name="Passer à la commande").click()
    expect(page).to_have_url(re.compile(r"/checkout/$"))

    expect(page.get_by_label("Prénom")).to_have_value("Camille")
    expect(page.get_by_label("E-mail")).to_have_value("camille.martin@example.com")
    expect(page.get_by_label("Téléphone portable")).to_have_value("06 12 34 56 78")
    expect(bakery_section.get_by_label("Créneau de retrait")).to_have_value(chosen_pickup)
    expect(greens_section.get_by_label("Livraison à domicile")).to_be_checked()
    expect(greens_section.get_by_label("Créneau de livraison")).to_have_value(chosen_delivery)
    expect(greens_section.get_by_label("Adresse de livraison")).to_have_value("12 rue des Tilleuls")
