"""Sold by weight on a phone, end to end: a resident orders about 300 g of entrecôte at 32 €/kg, the
butcher weighs 320 g on the order board at 360 px and marks it ready, the counter asks 10,24 €."""

import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from orders.models import Checkout, Status
from shops.factories import ProductFactory, make_merchant
from shops.models import ProductDetails
from tests.browser.conftest import always_open_shop, check_page, dashboard_login
from tests.browser.test_resident_walk import choose_a_time

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.french]


def test_the_butcher_weighs_320_g_and_the_counter_asks_the_real_price(
    new_page: Callable[[], Page], settings
) -> None:
    settings.STRIPE_SECRET_KEY = settings.STRIPE_PUBLISHABLE_KEY = ""
    butcher = always_open_shop(name="Boucherie Lemoine")
    make_merchant(butcher, email="lemoine@example.com")
    entrecote = ProductFactory(title="Entrecôte", shop=butcher, price=Decimal("32.00"))
    ProductDetails.objects.create(product=entrecote, unit=ProductDetails.Unit.KG)

    resident = new_page()
    resident.goto(entrecote.get_absolute_url())
    weight = resident.locator("#add_to_basket_form").get_by_label("Poids")
    expect(weight).to_have_value("3")  # about 300 g, the usual first choice
    expect(weight.locator("option:checked")).to_have_text("environ 300 g — env. 9,60 €")
    check_page(resident, "weighed-01-product")
    resident.locator("#add_to_basket_form").get_by_role("button", name="Ajouter au panier").click()
    expect(resident.locator(".badge-count").first).to_contain_text("1")  # one item, however heavy
    resident.goto("/basket/")
    expect(resident.locator(".basket-line__unit")).to_have_text("environ 300 g — 32,00 € / kg")
    expect(resident.locator(".basket-line__total")).to_contain_text("env. 9,60 €")
    check_page(resident, "weighed-02-basket")
    resident.goto("/checkout/")
    resident.get_by_label("Prénom").fill("Camille")
    resident.get_by_label(re.compile("^Nom")).fill("Martin")
    resident.get_by_label("E-mail").fill("camille.martin@example.com")
    resident.get_by_label("Téléphone portable").fill("06 12 34 56 78")
    choose_a_time(resident.get_by_label("Créneau de retrait"))
    expect(resident.locator(".checkout-lines")).to_contain_text("le prix final suit le poids réel")
    resident.get_by_role("button", name="Valider ma commande").click()
    expect(resident.get_by_role("heading", level=1)).to_have_text("Merci, votre commande est passée")
    order = Checkout.objects.get().orders.get()

    merchant = new_page()
    # Today's tab, or the coming days' when the time chosen is tomorrow.
    tab = "" if timezone.localdate(order.slot_start) == timezone.localdate() else "?when=upcoming"
    dashboard_login(merchant, "lemoine@example.com", then=f"/dashboard/board/{tab}")
    card = merchant.locator("article.board-order")
    expect(card).to_contain_text("environ 300 g · Entrecôte à peser")
    card.get_by_role("button", name="Accepter").click()
    field = card.get_by_label("Poids réel de Entrecôte (environ 300 g commandés), en grammes")
    # Too far from what was ordered: refused, with the range the shop's tolerance accepts.
    field.fill("400")
    card.get_by_role("button", name="Marquer prête").click()
    expect(merchant.get_by_role("alert").first).to_contain_text("entre 255 g et 345 g")
    # What the butcher typed is still there to correct, not an empty field.
    field = card.get_by_label("Poids réel de Entrecôte (environ 300 g commandés), en grammes")
    expect(field).to_have_value("400")
    check_page(merchant, "weighed-03-board-refused")
    field.fill("320")
    check_page(merchant, "weighed-04-board-weigh")
    card.get_by_role("button", name="Marquer prête").click()
    expect(card).to_contain_text("320 g · Entrecôte")
    expect(card).to_contain_text("10,24 €")

    merchant.goto(f"/dashboard/board/{order.number}/")
    expect(merchant.locator(".handle-facts")).to_contain_text("À payer au retrait : 10,24 €")
    check_page(merchant, "weighed-05-counter")
    order.refresh_from_db()
    assert order.status == Status.READY and order.total_incl_tax == Decimal("10.24")
