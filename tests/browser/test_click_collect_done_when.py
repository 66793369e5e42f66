"""Issue #3 "Done when", on the demo town that `make run` shows (seed_demo): resident@example.com fills
one basket at three demo shops, collects at two and has the third deliver to 78220, pays at pickup (no
Stripe keys) and is shown three codes; each merchant finds the order on their board, prepares it and
hands it over with the code the resident was shown; the resident's tracking page then says so.
On a 360 px phone, in French, with the times the checkout offers (the shops' own opening hours).
"""

import io
import re
from collections.abc import Callable, Iterator

import pytest
from django.contrib.sites.models import Site
from django.core.management import call_command
from oscar.core.loading import get_model
from playwright.sync_api import Page, expect

from demo import data as demo
from orders.models import Checkout, Fulfilment, Order, Status
from tests.browser.conftest import check_page, menu_link
from tests.browser.test_merchant_walk import open_board
from tests.browser.test_resident_walk import PICKUP_CODE, add_to_basket, choose_a_time

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.french]

PaymentEvent = get_model("order", "PaymentEvent")

BAKERY, CHEESE, GREENGROCER = "Au Pain de Viroflay", "Fromagerie Mère Colette", "Les Jardins de Viroflay"
# The greengrocer delivers from 15,00 €: four kilos of clementines (4 × 4,50 €) are enough.
BASKET = (
    ("Boulangerie-pâtisserie", BAKERY, "Tarte aux fraises (4 parts)"),
    ("Fromagerie", CHEESE, "Comté 18 mois (200 g)"),
    ("Primeur", GREENGROCER, "Clémentines de Corse (1 kg)"),
)
ADDRESS = "12 rue des Tilleuls"


@pytest.fixture
def demo_town() -> Iterator[None]:
    call_command("seed_demo", stdout=io.StringIO())
    yield
    Site.objects.clear_cache()  # the flush puts example.com back; the cache must not keep the demo's


def shop_section(page: Page, shop: str):
    """The part of the checkout about one shop, found by its heading."""
    return page.locator("section.checkout-shop").filter(has=page.get_by_role("heading", name=shop))


def resident_checks_out(resident: Page) -> dict[str, str]:
    """Log in, fill the basket, check out; return the codes shown on the thank-you page by shop."""
    resident.goto("/")
    resident.locator("header").get_by_role("link", name="Se connecter").click()
    resident.locator("#id_login-username").fill(demo.RESIDENT_EMAIL)
    resident.locator("#id_login-password").fill(demo.PASSWORD)
    resident.get_by_role("button", name="Connexion").first.click()
    expect(resident.locator("header")).to_contain_text("Mon compte")

    for category, shop, product in BASKET:
        menu_link(resident, "Commerces").click()
        resident.get_by_label("Catégorie").select_option(label=category)
        resident.get_by_role("button", name="Afficher les commerces").click()
        resident.get_by_role("link", name=shop).first.click()
        expect(resident.get_by_role("heading", level=1)).to_have_text(shop)
        add_to_basket(resident, product)

    resident.locator("header").get_by_role("link", name=re.compile("^Panier")).click()
    expect(resident.locator(".basket-summary")).to_contain_text(
        "Vous allez passer 3 commandes, une par boutique"
    )
    quantity = resident.get_by_label(f"Quantité {BASKET[2][2]}")
    quantity.fill("4")
    quantity.press("Enter")
    expect(resident.get_by_label(f"Quantité {BASKET[2][2]}")).to_have_value("4")
    expect(resident.locator(".basket-shop").filter(has_text=GREENGROCER)).to_contain_text("18,00")
    check_page(resident, "click-collect-01-basket")

    resident.get_by_role("link", name="Passer à la commande").click()
    expect(resident.get_by_label("E-mail")).to_have_value(demo.RESIDENT_EMAIL)
    resident.get_by_label("Téléphone portable").fill("06 12 34 56 78")
    for shop in (BAKERY, CHEESE):
        section = shop_section(resident, shop)
        expect(section.get_by_label("Retrait en boutique")).to_be_checked()
        choose_a_time(section.get_by_label("Créneau de retrait"))
    greens = shop_section(resident, GREENGROCER)
    greens.get_by_label("Livraison à domicile").check()
    choose_a_time(greens.get_by_label("Créneau de livraison"))
    greens.get_by_label("Adresse de livraison").fill(ADDRESS)
    greens.get_by_label("Code postal").fill(demo.POSTCODE)
    expect(greens.get_by_label("Ville")).to_have_value("Viroflay")
    # No Stripe keys: card is not offered, everything is paid at the counter or the door.
    expect(resident.get_by_label("Par carte, en ligne maintenant")).to_have_count(0)
    check_page(resident, "click-collect-02-checkout")
    resident.get_by_role("button", name="Valider ma commande").click()

    expect(resident.get_by_role("heading", level=1)).to_have_text("Merci, votre commande est passée")
    check_page(resident, "click-collect-03-thank-you")
    orders = resident.locator("article.track-order")
    expect(orders).to_have_count(3)
    expect(resident.get_by_label("Code de retrait", exact=True)).to_have_count(2)
    expect(resident.get_by_label("Code de livraison", exact=True)).to_have_count(1)
    codes = {}
    labels = {BAKERY: "Code de retrait", CHEESE: "Code de retrait", GREENGROCER: "Code de livraison"}
    for shop, label in labels.items():
        order = orders.filter(has=resident.get_by_role("heading", name=shop))
        code = order.get_by_label(label, exact=True).inner_text()
        assert PICKUP_CODE.match(code), f"{shop}: code shown as {code!r}"
        codes[shop] = code
    expect(orders.filter(has=resident.get_by_role("heading", name=GREENGROCER))).to_contain_text(
        f"{ADDRESS}, {demo.POSTCODE} Viroflay"
    )
    return codes


def merchant_hands_over(merchant: Page, order: Order, code: str) -> None:
    """From the board: accept, prepare, and hand over with the resident's code."""
    open_board(merchant, order)
    card = merchant.locator("article.board-order")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Camille Durand")
    expect(card).to_contain_text("Enregistrée")
    check_page(merchant, f"click-collect-{order.shop.code}-01-board")
    card.get_by_role("button", name="Accepter").click()
    expect(card).to_contain_text("Acceptée")

    if order.fulfilment == Fulfilment.DELIVERY:
        expect(card).to_contain_text(ADDRESS)
        card.get_by_role("button", name="Marquer en livraison").click()
        expect(card).to_contain_text("En cours de livraison")
        card.get_by_role("link", name="Livrée (vérifier le code)").click()
        expect(merchant.locator(".handle-facts")).to_contain_text("À payer à la livraison")
        merchant.get_by_label("Code donné par le client").fill(code)
        merchant.get_by_label("Espèces").check()
        check_page(merchant, f"click-collect-{order.shop.code}-02-deliver")
        merchant.get_by_role("button", name="Vérifier le code et marquer livrée").click()
        expect(merchant.get_by_role("alert").first).to_contain_text(
            f"Code correct : commande {order.number} livrée."
        )
        expect(merchant.locator(".board-order__status")).to_have_text("Livrée")
        return

    card.get_by_role("button", name="Marquer prête").click()
    expect(card).to_contain_text("Prête à retirer")
    card.get_by_role("link", name="Remettre (vérifier le code)").click()
    expect(merchant.get_by_role("heading", level=1)).to_have_text(f"Commande {order.number}")
    expect(merchant.locator(".handle-facts")).to_contain_text("À payer au retrait")
    merchant.get_by_label("Code présenté par le client").fill(code)
    merchant.get_by_label("Espèces").check()
    check_page(merchant, f"click-collect-{order.shop.code}-02-collect")
    merchant.get_by_role("button", name="Vérifier le code et remettre").click()
    expect(merchant.get_by_role("alert").first).to_contain_text(
        f"Code correct : commande {order.number} remise au client."
    )
    expect(merchant.locator(".board-order__status")).to_have_text("Retirée")


def test_a_resident_collects_at_two_demo_shops_and_has_the_third_deliver(
    demo_town: None, new_page: Callable[[], Page], settings
) -> None:
    settings.STRIPE_SECRET_KEY = settings.STRIPE_PUBLISHABLE_KEY = ""
    resident = new_page()
    codes = resident_checks_out(resident)

    checkout = Checkout.objects.get()
    orders = {order.shop.name: order for order in checkout.orders.select_related("shop")}
    assert set(orders) == {BAKERY, CHEESE, GREENGROCER}
    assert orders[GREENGROCER].fulfilment == Fulfilment.DELIVERY
    assert all(order.user.email == demo.RESIDENT_EMAIL for order in orders.values())

    for shop in (BAKERY, CHEESE, GREENGROCER):
        merchant_hands_over(new_page(), orders[shop], codes[shop])

    resident.reload()
    expect(resident.get_by_role("heading", level=1)).to_have_text("Merci, votre commande est passée")
    tracked = resident.locator("article.track-order")
    for shop, status in ((BAKERY, "Retirée"), (CHEESE, "Retirée"), (GREENGROCER, "Livrée")):
        order = tracked.filter(has=resident.get_by_role("heading", name=shop))
        expect(order.locator(".status")).to_have_text(status)
    expect(resident.get_by_label(re.compile("^Code de (retrait|livraison)$"))).to_have_count(0)
    check_page(resident, "click-collect-04-tracking-done")

    statuses = {order.shop.name: order.status for order in checkout.orders.select_related("shop")}
    assert statuses == {BAKERY: Status.COLLECTED, CHEESE: Status.COLLECTED, GREENGROCER: Status.DELIVERED}
    assert PaymentEvent.objects.filter(order__in=orders.values(), event_type__code="pickup-cash").count() == 3
