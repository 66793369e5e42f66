"""Three merchants' walk: each logs in, finds only their shop's order, and takes it to its end.

The resident's checkout (two pickups, one delivery) is placed with the placement service, as the
checkout page does; the three codes the merchants type (two pickup codes, one delivery code) are read
off the resident's tracking page.
"""

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.utils import timezone
from oscar.core.loading import get_class, get_model
from playwright.sync_api import Page, expect

from orders.models import Checkout, Fulfilment, Order, Status
from orders.placement import Contact, DeliveryAddress, FulfilmentChoice, checkout_place, shop_slots
from shops.factories import ProductFactory, make_merchant
from shops.models import Partner
from tests.browser.conftest import always_open_shop, check_page, dashboard_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.french]

Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")


def place_checkout(bakery: Partner, cheese: Partner, greens: Partner) -> Checkout:
    """Camille's basket from the three shops, placed for times each shop offers."""
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    for shop, title in (
        (bakery, "Baguette tradition"),
        (cheese, "Comté 18 mois"),
        (greens, "Panier de légumes"),
    ):
        basket.add_product(ProductFactory(title=title, shop=shop, price=Decimal("5.00")), 1)
    now = timezone.now()

    def second_start(shop: Partner, fulfilment: str = Fulfilment.PICKUP) -> dt.datetime:
        # The second time offered, as the checkout walk picks: the first may start any moment.
        offered = [slot for slot in shop_slots(shop, now=now, fulfilment=fulfilment) if not slot.is_full]
        return offered[1].start

    return checkout_place(
        basket=basket,
        choices={
            bakery.pk: FulfilmentChoice(slot_start=second_start(bakery)),
            cheese.pk: FulfilmentChoice(slot_start=second_start(cheese)),
            greens.pk: FulfilmentChoice(
                method=Fulfilment.DELIVERY,
                slot_start=second_start(greens, Fulfilment.DELIVERY),
                address=DeliveryAddress(line1="12 rue des Tilleuls", postcode="78220", city="Viroflay"),
            ),
        },
        contact=Contact(
            email="camille.martin@example.com",
            phone="06 12 34 56 78",
            first_name="Camille",
            last_name="Martin",
        ),
        user=None,
    )


def open_board(page: Page, order: Order) -> None:
    """Log in to the board's "Today" tab, or "Upcoming" when the first slot offered was after midnight."""
    dashboard_login(page, f"{order.shop.code}@example.com", then="/dashboard/board/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau des commandes")
    if timezone.localdate(order.slot_start) != timezone.localdate():
        tabs = page.get_by_role("navigation", name="Commandes affichées")
        tabs.get_by_role("link", name=re.compile(r"^À venir \(\d+\)$")).click()


def codes_on_tracking_page(page: Page, checkout: Checkout) -> dict[str, str]:
    """What the resident shows at each counter or gives at the door: {shop name: code as displayed}."""
    page.goto(f"/orders/track/{checkout.tracking_token}/")
    codes = {}
    for article in page.locator("article.track-order").all():
        code = article.get_by_label(re.compile("^Code de (retrait|livraison)$"))
        if code.count():
            codes[article.get_by_role("heading", level=2).inner_text()] = code.inner_text()
    return codes


def test_each_merchant_handles_only_their_order_and_checks_the_pickup_code(
    new_page: Callable[[], Page],
) -> None:
    bakery = always_open_shop(name="Au Bon Pain")
    cheese = always_open_shop(name="Fromagerie Colette")
    greens = always_open_shop(name="Primeur Marcel", offers_delivery=True, delivery_postcodes="78220")
    for shop in (bakery, cheese, greens):
        make_merchant(shop, email=f"{shop.code}@example.com")
    checkout = place_checkout(bakery, cheese, greens)
    orders = {order.shop_id: order for order in checkout.orders.all()}
    resident = new_page()
    codes = codes_on_tracking_page(resident, checkout)
    assert set(codes) == {"Au Bon Pain", "Fromagerie Colette", "Primeur Marcel"}

    for shop, product in ((bakery, "Baguette"), (cheese, "Comté"), (greens, "Panier de légumes")):
        merchant = new_page()
        order = orders[shop.pk]
        open_board(merchant, order)
        board_orders = merchant.locator("article.board-order")
        expect(board_orders).to_have_count(1)
        expect(board_orders).to_contain_text(product)
        expect(board_orders).to_contain_text("Camille Martin")
        expect(board_orders).to_contain_text("Enregistrée")
        if shop != cheese:  # its pages are the bakery's: one look at each page is enough
            check_page(merchant, f"merchant-{shop.code}-01-board")

        board_orders.get_by_role("button", name="Accepter").click()
        expect(board_orders).to_contain_text("Acceptée")
        if order.fulfilment == Fulfilment.DELIVERY:
            expect(board_orders).to_contain_text("12 rue des Tilleuls")
            board_orders.get_by_role("button", name="Marquer en livraison").click()
            expect(board_orders).to_contain_text("En cours de livraison")
            board_orders.get_by_role("link", name="Livrée (vérifier le code)").click()
            merchant.get_by_label("Code donné par le client").fill(codes[shop.name])
            merchant.get_by_label("Carte bancaire (terminal)").check()
            merchant.get_by_role("button", name="Vérifier le code et marquer livrée").click()
            expect(merchant.get_by_role("alert")).to_contain_text(
                f"Code correct : commande {order.number} livrée."
            )
            expect(merchant.locator(".board-order__status")).to_have_text("Livrée")
            order.refresh_from_db()
            assert order.status == Status.DELIVERED
            continue

        board_orders.get_by_role("button", name="Marquer prête").click()
        expect(board_orders).to_contain_text("Prête à retirer")
        board_orders.get_by_role("link", name="Remettre (vérifier le code)").click()
        expect(merchant.get_by_role("heading", level=1)).to_have_text(f"Commande {order.number}")
        shown = codes[shop.name]
        if shop == bakery:
            check_page(merchant, f"merchant-{shop.code}-02-order")
            wrong = shown[::-1] if shown[::-1] != shown else "ABC-DEF"
            merchant.get_by_label("Code présenté par le client").fill(wrong)
            merchant.get_by_label("Espèces").check()
            merchant.get_by_role("button", name="Vérifier le code et remettre").click()
            expect(merchant.get_by_role("alert")).to_contain_text(
                "Ce code ne correspond pas à la commande : rien n’a été modifié."
            )
            expect(merchant.locator(".board-order__status")).to_have_text("Prête à retirer")

        merchant.get_by_label("Code présenté par le client").fill(shown.lower())
        # Paid at pickup: the merchant says how, as the counter took the money.
        merchant.get_by_label("Carte bancaire (terminal)").check()
        merchant.get_by_role("button", name="Vérifier le code et remettre").click()
        expect(merchant.get_by_role("alert")).to_contain_text(
            f"Code correct : commande {order.number} remise au client."
        )
        expect(merchant.locator(".board-order__status")).to_have_text("Retirée")
        if shop == bakery:
            check_page(merchant, f"merchant-{shop.code}-03-collected")

    resident.reload()
    for article in resident.locator("article.track-order").all():
        expect(article.locator(".status")).to_have_text(re.compile("^(Retirée|Livrée)$"))
    expect(resident.get_by_label(re.compile("^Code de (retrait|livraison)$"))).to_have_count(0)
