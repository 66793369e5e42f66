"""The digital corner orders for a senior who is not online, on a phone-sized screen: her record, the
order, and the summary, which prints on its own (no menus or buttons on paper)."""

import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from accompaniment.factories import make_manager
from checkout.models import OfflineResident
from orders.models import Order
from shops.factories import ProductFactory
from tests.browser.conftest import always_open_shop, check_page, dashboard_login
from tests.browser.test_resident_walk import choose_a_time

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.french]


def test_the_corner_orders_for_a_senior_and_prints_her_summary(new_page: Callable[[], Page]) -> None:
    cheese = always_open_shop(name="Fromagerie Colette")
    ProductFactory(title="Comté 18 mois", shop=cheese, price=Decimal("6.80"), stock=10)
    manager = make_manager()
    manager.set_password("marketplace")
    manager.save()

    page = new_page()
    dashboard_login(page, "manager@example.com", then="/dashboard/corner/people/", password="marketplace")
    page.get_by_role("link", name="Ajouter une personne non connectée").click()
    page.get_by_label("Prénom").fill("Germaine")
    page.get_by_label(re.compile("^Nom")).fill("Lefèvre")
    page.get_by_label("Téléphone (fixe ou portable)").fill("01 30 24 55 10")
    page.get_by_label("Appel vocal (message lu)").check()
    page.get_by_label("Adresse", exact=True).fill("12 rue Rieussec")
    page.get_by_label("Code postal").fill("78220")
    page.get_by_label("Ville").fill("Viroflay")
    check_page(page, "behalf-01-record")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.locator("main, #content, body").first).to_contain_text("Un appel vocal au 01 30 24 55 10")

    page.get_by_role("link", name="Commander chez Fromagerie Colette").click()
    comte = page.locator("#id_product_0 option", has_text="Comté 18 mois")
    expect(comte).to_contain_text("€")  # the agent reads the price out on the phone
    page.locator("#id_product_0").select_option(comte.get_attribute("value"))
    page.locator("#id_quantity_0").fill("2")
    # Two weeks of times by day chips, not one long list (the select stays, hidden, what is posted).
    page.wait_for_load_state("domcontentloaded")
    expect(page.locator("#id_slot")).to_be_hidden()
    expect(page.locator(".slot-picker__days .slot-chip").first).to_be_visible()
    choose_a_time(page.locator("#id_slot"))
    check_page(page, "behalf-02-order")
    page.get_by_role("button", name="Passer la commande").click()
    order = Order.objects.get()
    expect(page.locator(".behalf-summary")).to_contain_text(order.pickup_code)
    expect(page.locator(".behalf-summary")).to_contain_text("Comté 18 mois")
    check_page(page, "behalf-03-summary")
    assert OfflineResident.objects.get().behalf_checkouts.count() == 1

    # On paper: the summary only.
    page.emulate_media(media="print")
    expect(page.locator(".behalf-summary h2")).to_be_visible()
    expect(page.get_by_role("button", name="Imprimer ce récapitulatif")).to_be_hidden()
    expect(page.locator(".navbar").first).to_be_hidden()
