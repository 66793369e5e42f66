"""A resident's walk: find shops, fill one basket from three of them, check out, follow the orders.

Shops are open round the clock and ready at once (`always_open_shop`), so there are slots to choose
whenever the suite runs; the test picks the first time offered rather than a fixed date.
"""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Locator, Page, expect

from orders.models import Checkout
from shops.factories import ProductFactory, ShopCategoryFactory, ShopFactory
from shops.models import Partner
from tests.browser.conftest import always_open_shop, check_page, menu_link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.french]

PICKUP_CODE = re.compile(r"^[A-HJ-NP-Z2-9]{3}-[A-HJ-NP-Z2-9]{3}$")


def build_town() -> dict[str, Partner]:
    bakeries = ShopCategoryFactory(name="Boulangerie")
    groceries = ShopCategoryFactory(name="Épicerie")
    town = {
        "bakery": always_open_shop(name="Au Bon Pain", category=bakeries),
        "cheese": always_open_shop(name="Fromagerie Colette", category=groceries),
        "greens": always_open_shop(
            name="Primeur Marcel",
            category=groceries,
            offers_delivery=True,
            delivery_postcodes="78220",
            delivery_fee=Decimal("3.00"),
        ),
        # Same kind of shop as the bakery, but never open: "open now" must leave it out.
        "closed": ShopFactory(name="Fournil Endormi", category=bakeries, hours=False),
    }
    ProductFactory(title="Baguette tradition", shop=town["bakery"], price=Decimal("1.30"))
    ProductFactory(title="Comté 18 mois", shop=town["cheese"], price=Decimal("6.80"))
    ProductFactory(title="Panier de légumes", shop=town["greens"], price=Decimal("15.00"))
    return town


def add_to_basket(page: Page, product_title: str) -> None:
    """From a shop page: open the product, add it, see the basket count go up."""
    before = int(page.locator(".badge-count").first.inner_text().split()[0])
    page.get_by_role("link", name=product_title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(product_title)
    check_page(page, f"resident-product-{product_title[:8]}")
    page.locator("#add_to_basket_form").get_by_role("button", name="Ajouter au panier").click()
    expect(page.locator(".badge-count").first).to_contain_text(str(before + 1))


def choose_a_time(select: Locator) -> str:
    """Pick the second time offered (full ones are disabled) and return its label.

    Not the first: it may start while the form is being filled, and is then rightly refused.
    With the page's script the select is replaced by the slot picker: the day's chip, then the time's,
    as a resident taps them; the select (what the form posts) must then hold that time.
    """
    return choose_slot(select, select.locator("option:not([disabled]):not([value=''])").nth(1))


def choose_slot(select: Locator, option: Locator) -> str:
    """Choose this option of a slot select, through the slot picker when the page shows one."""
    label, value = option.text_content(), option.get_attribute("value")
    # The picker's script is deferred: it has run once the document is parsed. Asked earlier, the select
    # still shows and is hidden under the test's hand (a flaky CI failure).
    select.page.wait_for_load_state("domcontentloaded")
    if select.is_visible():
        select.select_option(value=value)
        return label
    picker = select.locator("xpath=..")
    # "mar. 24 · 16:00 – 16:15[ · place]": the day's chip reads "mar. 24", the time's "16:00". A
    # market's days are apart from the shop's: their chips add the market's name under the day.
    day, times, *_place = label.split(" · ")
    group = option.locator("xpath=..").get_attribute("label")
    if " — " in group:
        day = f"{day} {group.split(' — ', 1)[1].split(', ')[0]}"
    picker.locator(".slot-picker__days").get_by_role("button", name=day, exact=True).click()
    time = times.split(" – ")[0]
    picker.locator(".slot-picker__times").get_by_role("button", name=time, exact=True).click()
    expect(select).to_have_value(value)
    return label


def test_resident_buys_from_three_shops_and_gets_codes_and_delivery(page: Page) -> None:
    town = build_town()

    page.goto("/")
    check_page(page, "resident-01-home")
    menu_link(page, "Commerces").click()
    expect(page.locator(".result-count")).to_have_text("4 commerces trouvés")
    check_page(page, "resident-02-directory")

    page.get_by_label("Catégorie").select_option(label="Boulangerie")
    page.get_by_label("Ouvert maintenant").check()
    page.get_by_role("button", name="Afficher les commerces").click()
    expect(page.locator(".result-count")).to_have_text("1 commerce trouvé")
    expect(page.get_by_role("link", name="Au Bon Pain")).to_be_visible()
    expect(page.get_by_text("Fournil Endormi")).to_have_count(0)
    check_page(page, "resident-03-directory-filtered")

    page.get_by_role("link", name="Au Bon Pain").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Au Bon Pain")
    check_page(page, "resident-04-shop")
    add_to_basket(page, "Baguette tradition")

    for shop, product in (("Fromagerie Colette", "Comté 18 mois"), ("Primeur Marcel", "Panier de légumes")):
        page.goto("/shops/")
        page.get_by_role("link", name=shop).click()
        add_to_basket(page, product)

    page.goto("/basket/")
    for product in ("Baguette tradition", "Comté 18 mois", "Panier de légumes"):
        expect(page.get_by_role("link", name=product).first).to_be_visible()
    check_page(page, "resident-05-basket")
    expect(page.locator(".basket-summary")).to_contain_text("Vous allez passer 3 commandes, une par boutique")
    page.get_by_role("link", name="Passer à la commande").click()
    expect(page).to_have_url(re.compile(r"/checkout/$"))

    page.get_by_label("Prénom").fill("Camille")
    page.get_by_label(re.compile("^Nom")).fill("Martin")
    page.get_by_label("E-mail").fill("camille.martin@example.com")
    page.get_by_label("Téléphone portable").fill("06 12 34 56 78")
    # The text-message box is ticked by its words too, and is itself big enough for a finger.
    sms = page.get_by_role("checkbox", name=re.compile("SMS|texto", re.I))
    page.locator("label[for=id_contact-sms_opt_in], label[for=id_sms_opt_in]").first.click()
    expect(sms).to_be_checked()
    box = sms.bounding_box()
    assert box and box["width"] >= 24 and box["height"] >= 24, box
    pickup_times = {}
    for key in ("bakery", "cheese"):
        section = page.locator("section.checkout-shop").filter(
            has=page.get_by_role("heading", name=town[key].name)
        )
        expect(section.get_by_label("Retrait en boutique")).to_be_checked()
        pickup_times[key] = choose_a_time(section.get_by_label("Créneau de retrait"))
    greens = page.locator("section.checkout-shop").filter(
        has=page.get_by_role("heading", name="Primeur Marcel")
    )
    expect(greens.get_by_label("Adresse de livraison")).to_be_hidden()
    greens.get_by_label("Livraison à domicile").check()
    expect(greens.get_by_label("Créneau de retrait")).to_be_hidden()
    choose_a_time(greens.get_by_label("Créneau de livraison"))
    greens.get_by_label("Adresse de livraison").fill("12 rue des Tilleuls")
    greens.get_by_label("Code postal").fill("78220")
    expect(greens.get_by_label("Ville")).to_have_value("Viroflay")
    check_page(page, "resident-06-checkout")
    page.get_by_role("button", name="Valider ma commande").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Merci, votre commande est passée")
    check_page(page, "resident-07-tracking")
    checkout = Checkout.objects.get()
    expect(page.locator(".track-intro")).to_contain_text(checkout.reference)
    orders = page.locator("article.track-order")
    expect(orders).to_have_count(3)
    for shop in ("Au Bon Pain", "Fromagerie Colette", "Primeur Marcel"):
        expect(orders.get_by_role("heading", name=shop)).to_be_visible()
    codes = page.get_by_label("Code de retrait", exact=True)
    expect(codes).to_have_count(2)
    for code in codes.all_inner_texts():
        assert PICKUP_CODE.match(code), f"pickup code shown as {code!r}"
    expect(page.get_by_role("img", name="QR code du code de retrait").locator("svg")).to_have_count(2)
    for key in ("bakery", "cheese"):
        shop_order = orders.filter(has=page.get_by_role("heading", name=town[key].name))
        expect(shop_order).to_contain_text(pickup_times[key].split(" · ")[-1].split(" – ")[0])
    delivery = orders.filter(has=page.get_by_role("heading", name="Primeur Marcel"))
    expect(delivery).to_contain_text("12 rue des Tilleuls, 78220 Viroflay")
    expect(delivery.get_by_label("Code de retrait", exact=True)).to_have_count(0)
    # The delivery has its own code, for the person who brings it.
    expect(delivery.get_by_label("Code de livraison", exact=True)).to_have_count(1)
    expect(delivery.get_by_role("img", name="QR code du code de livraison").locator("svg")).to_have_count(1)
    # What is shown is what each shop will see: codes of the two pickup orders, one order each.
    shown = sorted(code.replace("-", "") for code in codes.all_inner_texts())
    assert shown == sorted(o.pickup_code for o in checkout.orders.filter(fulfilment="pickup"))
