"""Oscar's dashboard lists on a merchant's phone: wide tables scroll in their own box, not the page.

Only the width is checked: Oscar's row checkboxes have no label of their own (not ours to fix here).
"""

from decimal import Decimal

import pytest
from django.utils import timezone
from oscar.core.loading import get_class, get_model
from playwright.sync_api import Page

from orders.placement import Contact, FulfilmentChoice, checkout_place, shop_slots
from shops.factories import ProductFactory, make_merchant
from tests.browser.conftest import always_open_shop, check_fits, dashboard_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.french]

Basket = get_model("basket", "Basket")
Selector = get_class("partner.strategy", "Selector")


def test_the_merchants_product_and_order_lists_fit_a_phone(page: Page):
    shop = always_open_shop(name="Fournil du Marché")
    make_merchant(shop, email="fournil@example.com")
    basket = Basket.objects.create()
    basket.strategy = Selector().strategy()
    bread = ProductFactory(shop=shop, title="Pain aux graines anciennes", price=Decimal("5.00"))
    basket.add_product(bread, 1)
    slot = next(slot for slot in shop_slots(shop, now=timezone.now()) if not slot.is_full)
    checkout_place(
        basket=basket,
        choices={shop.pk: FulfilmentChoice(slot_start=slot.start)},
        contact=Contact(email="camille.martin@example.com", first_name="Camille", last_name="Martin"),
        user=None,
    )

    dashboard_login(page, "fournil@example.com", then="/dashboard/catalogue/")
    assert page.get_by_text("Pain aux graines anciennes").count()
    check_fits(page, "dashboard-products")
    page.goto("/dashboard/orders/")
    assert page.get_by_text("camille.martin@example.com").count()
    check_fits(page, "dashboard-orders")
