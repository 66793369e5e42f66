"""At checkout, choosing a pickup point disables paying at the shop, with the reason, at 360 px.

Nobody takes money at a point, so the page says so as the resident chooses it (progressive
enhancement); without script the server still refuses it (tests/pickup_points/test_views.py).
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_choosing_the_hall_disables_paying_at_the_shop_and_says_why(page, town, stripe_stub) -> None:
    for product in (town["bread"], town["comte"]):
        page.goto(product.get_absolute_url())
        page.locator("#add_to_basket_form button[type=submit]").click()
        expect(page.locator(".basket-added")).to_be_visible()  # added in place: wait before leaving
    page.goto(reverse("checkout:index"))
    at_shop = page.locator("input[name='payment-method'][value='pickup']")
    card = page.locator("input[name='payment-method'][value='card']")
    reason = page.locator("#payment-at-point")
    at_shop.check()

    page.locator(f"input[name='point-where'][value='{town['point'].pk}']").check()

    expect(at_shop).to_be_disabled()
    expect(card).to_be_checked()
    expect(reason).to_be_visible()
    expect(at_shop).to_have_attribute("aria-describedby", "payment-at-point")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone

    page.locator("input[name='point-where'][value='']").check()

    expect(at_shop).to_be_enabled()
    expect(reason).to_be_hidden()
