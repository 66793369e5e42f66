"""The checkout page when gift vouchers pay the whole basket: with or without Stripe keys, it asks for no
payment, and does not tell the resident to pay each shop at the counter."""

import pytest
from django.urls import reverse

from orders.models import Checkout, Status
from payments.models import Payment
from shops.factories import ProductFactory, ShopFactory
from tests.vouchers.conftest import issue, one_shop_checkout

pytestmark = pytest.mark.django_db

PAY_AT_THE_COUNTER = "You pay each shop when you collect your order"


@pytest.fixture
def checkout_page(client, settings):
    settings.STRIPE_SECRET_KEY = settings.STRIPE_PUBLISHABLE_KEY = ""

    def open_with(voucher_amount: str, *, shop=None) -> str:
        issue(voucher_amount)
        bread = ProductFactory(shop=shop or ShopFactory(), price="12.00")
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


@pytest.fixture
def card_keys(settings):
    """Card payment set up (after checkout_page, which removes the keys)."""
    settings.STRIPE_SECRET_KEY, settings.STRIPE_PUBLISHABLE_KEY = "sk_test_polish", "pk_test_polish"


def test_with_card_payment_set_up_nothing_left_to_pay_asks_no_payment_choice(checkout_page, card_keys):
    page = checkout_page("20.00")

    assert "Nothing left to pay: your gift vouchers cover the whole basket." in page
    assert 'name="payment-method"' not in page
    assert "its fee is paid by card" not in page  # the shop does not deliver


def test_with_card_payment_set_up_a_basket_vouchers_paid_is_placed_without_a_payment(
    checkout_page, card_keys, client
):
    shop = ShopFactory()
    checkout_page("20.00", shop=shop)
    response = client.post(reverse("checkout:index"), one_shop_checkout(shop))

    checkout = Checkout.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("order:track", kwargs={"token": checkout.tracking_token})
    assert checkout.orders.get().status == Status.PLACED
    assert not Payment.objects.exists()


def test_a_delivering_shop_says_its_fee_is_still_paid_by_card(checkout_page, card_keys):
    page = checkout_page("20.00", shop=ShopFactory(offers_delivery=True))

    assert "If you choose delivery, its fee is paid by card online" in page
