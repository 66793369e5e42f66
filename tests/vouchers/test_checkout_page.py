"""The checkout page without Stripe keys, when gift vouchers pay the whole basket: it does not tell the
resident to pay each shop at the counter."""

import pytest
from django.urls import reverse

from shops.factories import ProductFactory, ShopFactory
from tests.vouchers.conftest import issue

pytestmark = pytest.mark.django_db

PAY_AT_THE_COUNTER = "You pay each shop when you collect your order"


@pytest.fixture
def checkout_page(client, settings):
    settings.STRIPE_SECRET_KEY = settings.STRIPE_PUBLISHABLE_KEY = ""

    def open_with(voucher_amount: str) -> str:
        issue(voucher_amount)
        bread = ProductFactory(shop=ShopFactory(), price="12.00")
        client.post(reverse("basket:add", kwargs={"pk": bread.pk}), {"quantity": 1})
        client.post(reverse("basket:vouchers-add"), {"code": "NOEL-2026"})
        return client.get(reverse("checkout:index")).content.decode()

    return open_with


def test_vouchers_paying_everything_leave_nothing_to_pay_at_the_counter(checkout_page):
    page = checkout_page("20.00")

    assert "Nothing left to pay: your gift vouchers cover the whole basket." in page
    assert PAY_AT_THE_COUNTER not in page


def test_what_vouchers_leave_is_paid_at_the_counter(checkout_page):
    page = checkout_page("5.00")

    assert PAY_AT_THE_COUNTER in page
    assert "Nothing left to pay" not in page


@pytest.mark.french  # passes once /tmp/fr/walks.json is merged into the catalogue
def test_it_says_so_in_french(checkout_page):
    assert "Rien à payer : vos chèques cadeaux couvrent tout le panier." in checkout_page("20.00")
