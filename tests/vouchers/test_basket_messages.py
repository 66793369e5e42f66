"""Oscar's basket messages about a voucher speak of the town's gift voucher ("chèque cadeau"), the word
the basket's own field uses, not of a discount code.

French (marked `french`): passes once /tmp/fr/walks.json is merged into the catalogue.
"""

import pytest
from django.urls import reverse

from shops.factories import ProductFactory, ShopFactory
from tests.vouchers.conftest import issue

pytestmark = [pytest.mark.django_db, pytest.mark.french]


@pytest.fixture
def basket_page(client):
    bread = ProductFactory(shop=ShopFactory(), price="12.00")
    client.post(reverse("basket:add", kwargs={"pk": bread.pk}), {"quantity": 1})
    return client


def messages_after(client, code: str) -> str:
    return client.post(reverse("basket:vouchers-add"), {"code": code}, follow=True).content.decode()


def test_a_voucher_added_is_called_a_gift_voucher(basket_page):
    issue("5.00")

    assert "Chèque cadeau NOEL-2026 ajouté au panier" in messages_after(basket_page, "noel-2026")


def test_a_mistyped_code_is_called_a_gift_voucher_code(basket_page):
    page = messages_after(basket_page, "noel-2062")

    assert "Aucun chèque cadeau ne porte le code NOEL-2062 : vérifiez-le" in page
