"""Pay at pickup without Stripe keys, end to end: the resident orders (card hidden, with the reason),
the merchant prepares the order and hands it over recording a cash payment, the resident sees it collected.
"""

import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from oscar.core.loading import get_model
from playwright.sync_api import Page, expect

from orders.models import Checkout, Status
from shops.factories import ProductFactory, make_merchant
from tests.browser.conftest import always_open_shop, check_page, dashboard_login
from tests.browser.test_resident_walk import add_to_basket, choose_a_time

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.french]

PaymentEvent = get_model("order", "PaymentEvent")


def test_a_pay_at_pickup_order_is_paid_in_cash_at_the_counter(new_page: Callable[[], Page], settings) -> None:
    settings.STRIPE_SECRET_KEY = settings.STRIPE_PUBLISHABLE_KEY = ""
    cheese = always_open_shop(name="Fromagerie Colette")
    make_merchant(cheese, email="colette@example.com")
    ProductFactory(title="Comté 18 mois", shop=cheese, price=Decimal("6.80"))

    resident = new_page()
    resident.goto("/shops/")
    resident.get_by_role("link", name="Fromagerie Colette").click()
    add_to_basket(resident, "Comté 18 mois")
    resident.goto("/checkout/")
    resident.get_by_label("Prénom").fill("Camille")
    resident.get_by_label(re.compile("^Nom")).fill("Martin")
    resident.get_by_label("E-mail").fill("camille.martin@example.com")
    resident.get_by_label("Téléphone portable").fill("06 12 34 56 78")
    choose_a_time(resident.get_by_label("Créneau de retrait"))
    # Without keys nobody can pay online, and the page says why.
    expect(resident.get_by_label("Par carte, en ligne maintenant")).to_have_count(0)
    expect(resident.locator("main")).to_contain_text(
        "Le paiement en ligne par carte n’est pas disponible : ce marché en ligne ne l’a pas mis en place."
    )
    resident.get_by_role("button", name="Valider ma commande").click()
    expect(resident.get_by_role("heading", level=1)).to_have_text("Merci, votre commande est passée")
    code = resident.get_by_label("Code de retrait", exact=True).inner_text()
    order = Checkout.objects.get().orders.get()

    merchant = new_page()
    dashboard_login(merchant, "colette@example.com", then=f"/dashboard/board/{order.number}/")
    expect(merchant.locator(".handle-facts")).to_contain_text("À payer au retrait")
    merchant.get_by_role("button", name="Accepter").click()
    merchant.get_by_role("button", name="Marquer prête").click()
    expect(merchant.locator(".board-order__status")).to_have_text("Prête à retirer")
    merchant.get_by_label("Code présenté par le client").fill(code)
    # Forgetting how the customer paid keeps the code typed and says what is missing.
    merchant.locator("form.handle-collect").evaluate("form => form.noValidate = true")
    merchant.get_by_role("button", name="Vérifier le code et remettre").click()
    expect(merchant.locator(".handle-paid-by")).to_contain_text(
        "Indiquez comment le client a payé : espèces ou carte bancaire."
    )
    expect(merchant.get_by_label("Code présenté par le client")).to_have_value(code)
    check_page(merchant, "pay-at-pickup-01-collect")
    merchant.get_by_label("Espèces").check()
    merchant.get_by_role("button", name="Vérifier le code et remettre").click()
    expect(merchant.get_by_role("alert").first).to_contain_text(f"commande {order.number} remise au client")
    expect(merchant.locator(".board-order__status")).to_have_text("Retirée")
    expect(merchant.locator(".handle-facts")).to_contain_text("Payé au retrait : 6,80 €, Espèces")

    resident.reload()
    expect(resident.locator("article.track-order .status")).to_have_text("Retirée")
    order.refresh_from_db()
    assert order.status == Status.COLLECTED
    assert PaymentEvent.objects.get(order=order).event_type.code == "pickup-cash"
