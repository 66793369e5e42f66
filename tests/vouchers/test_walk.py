"""In a browser, on a 360 px phone: the town hall issues a gift voucher, a resident spends it, the
town hall reads what it owes the shop. French, as everyone uses the site."""

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from core.roles import ensure_town_hall_group
from orders.models import Checkout
from shops.factories import ProductFactory, UserFactory
from tests.browser.conftest import always_open_shop, check_page, dashboard_login
from tests.browser.test_resident_walk import add_to_basket, choose_a_time

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.french]


def test_the_town_hall_issues_a_voucher_that_a_resident_spends(
    new_page: Callable[[], Page],
    settings,
) -> None:
    settings.STRIPE_SECRET_KEY = settings.STRIPE_PUBLISHABLE_KEY = ""
    baker = always_open_shop(name="Fournil Saint-Éloi")
    ProductFactory(title="Pain au levain", shop=baker, price=Decimal("12.00"))
    UserFactory(email="mairie@example.com", is_staff=True).groups.add(ensure_town_hall_group())
    today = timezone.localdate()

    town_hall = new_page()
    dashboard_login(town_hall, "mairie@example.com", then="/dashboard/gift-vouchers/issue/")
    town_hall.get_by_role("textbox", name=re.compile("^Nom")).fill("Chèque cadeau de Noël")
    town_hall.get_by_label("Montant de chaque chèque (EUR)").fill("10")
    town_hall.get_by_label("Code (facultatif)").fill("noel-2026")
    town_hall.get_by_label("Valable à partir du").fill(f"{today:%Y-%m-%d}")
    town_hall.get_by_label("Valable jusqu’au (inclus)").fill(f"{today + dt.timedelta(days=30):%Y-%m-%d}")
    town_hall.get_by_role("button", name="Enregistrer").click()
    expect(town_hall.locator("body")).to_contain_text("Chèque émis : son code est NOEL-2026.")

    resident = new_page()
    resident.goto("/shops/")
    resident.get_by_role("link", name="Fournil Saint-Éloi").click()
    add_to_basket(resident, "Pain au levain")
    resident.goto("/basket/")
    expect(resident.locator(".basket-vouchers")).to_contain_text("ne rend pas la monnaie")
    resident.get_by_label("Code du chèque cadeau").fill("noel-2026")
    resident.get_by_role("button", name="Utiliser").click()
    expect(resident.locator(".basket-voucher__line")).to_contain_text("Chèque cadeau NOEL-2026")
    expect(resident.locator(".basket-voucher__line")).to_contain_text("10,00")
    expect(resident.locator(".basket-summary__total")).to_contain_text("2,00")
    check_page(resident, "voucher-01-basket")
    resident.get_by_role("link", name="Passer à la commande").click()
    resident.get_by_label("Prénom").fill("Camille")
    resident.get_by_label(re.compile("^Nom")).fill("Martin")
    resident.get_by_label("E-mail").fill("resident@example.com")
    resident.get_by_label("Téléphone portable").fill("06 12 34 56 78")
    choose_a_time(resident.get_by_label("Créneau de retrait"))
    resident.get_by_role("button", name="Valider ma commande").click()
    expect(resident.get_by_role("heading", level=1)).to_have_text("Merci, votre commande est passée")
    order = Checkout.objects.get().orders.get()
    assert order.total_incl_tax == Decimal("2.00")

    town_hall.goto("/dashboard/gift-vouchers/")
    row = town_hall.get_by_role("row", name=re.compile("Fournil Saint-Éloi"))
    expect(row).to_contain_text("10,00 €")
    check_page(town_hall, "voucher-02-report")
