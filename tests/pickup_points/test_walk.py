"""A pickup point in the browser, at 360 px: a resident collects two shops' orders at the market hall.

The resident chooses the hall and one of its times and pays by card (the Stripe stub); each
merchant accepts and drops their order from the board; the hall's staff hand everything over with
the resident's code. Selectors use field names where the wording is new, so the walk reads the same
before and after the French catalogue is merged.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from orders.models import Checkout, OutboxMessage, Status
from payments.models import Payment
from pickup_points.factories import make_point_staff
from shops.factories import make_merchant
from tests.browser.conftest import check_page, dashboard_login
from tests.payments.shopping import pay_in_browser, slot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.french]


def test_a_resident_collects_two_shops_at_the_hall_from_its_staff(new_page, town, stripe_stub) -> None:
    merchants = [make_merchant(town[key]) for key in ("baker", "cheese")]
    staff = make_point_staff(town["point"], email="halle@example.com")
    point = town["point"]

    resident = new_page()
    for product in (town["bread"], town["comte"]):
        resident.goto(product.get_absolute_url())
        resident.locator("#add_to_basket_form").get_by_role("button", name="Ajouter au panier").click()
        # Added without leaving the page: its confirmation appears where the button is.
        expect(resident.locator(".basket-added")).to_contain_text("ajouté à votre panier")
    resident.goto(reverse("checkout:index"))
    resident.get_by_label("Prénom").fill("Camille")
    resident.get_by_label(re.compile("^Nom")).fill("Martin")
    resident.get_by_label("E-mail").fill("camille@example.com")
    resident.get_by_label("Téléphone portable").fill("06 12 34 56 78")
    resident.locator(f"input[name='point-where'][value='{point.pk}']").check()
    # The shops' own times are no longer asked for; the hall's are.
    expect(resident.locator("section.checkout-shop select").first).to_be_hidden()
    resident.locator(f"#id_point-slot_{point.pk}").select_option(slot(17))
    resident.locator("input[name='payment-method'][value='card']").check()
    check_page(resident, "point-01-checkout")
    resident.get_by_role("button", name="Valider ma commande").click()

    resident.wait_for_url("**/payments/**")
    checkout = Checkout.objects.get()
    payment = Payment.objects.get()
    assert pay_in_browser(stripe_stub, payment.intent_id, "pm_card_visa") == "succeeded"
    resident.goto(reverse("payments:return", kwargs={"token": checkout.tracking_token}))
    expect(resident.locator("article.track-order")).to_have_count(2)
    expect(resident.locator("article.track-order").first).to_contain_text("Halle du marché, Place du Marché")
    check_page(resident, "point-02-tracking")

    for number, merchant in enumerate(merchants, start=3):
        page = new_page()
        dashboard_login(page, merchant.email, then="/dashboard/board/")
        order = page.locator("article.board-order")
        expect(order).to_contain_text("16:00")  # the drop-off deadline, an hour before the slot
        order.locator("form[action$='/accept/'] button").click()
        expect(order.locator(".board-order__status")).to_have_text("Acceptée")
        order.locator("form[action$='/dropped/'] button").click()
        expect(order.locator("form[action$='/dropped/']")).to_have_count(0)
        check_page(page, f"point-{number:02}-board")
    assert set(checkout.orders.values_list("status", flat=True)) == {Status.DROPPED}
    assert OutboxMessage.objects.filter(checkout=checkout, event="POINT_READY", order=None).exists()

    desk: Page = new_page()
    dashboard_login(desk, staff.email, then="/dashboard/pickup-point/")
    waiting = desk.locator("section.board-order").filter(has_text=checkout.reference)
    expect(waiting).to_contain_text("Fournil du Marché")
    expect(waiting).to_contain_text("Fromagerie Rieussec")
    check_page(desk, "point-05-desk")
    code = checkout.orders.first().pickup_code
    waiting.locator("input[name='code']").fill(f"{code[:3]}-{code[3:]}")
    waiting.get_by_role("button").click()
    expect(desk.locator("section.board-order")).to_have_count(0)
    check_page(desk, "point-06-handed-over")
    assert set(checkout.orders.values_list("status", flat=True)) == {Status.COLLECTED}
