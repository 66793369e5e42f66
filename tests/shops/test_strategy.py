"""What a resident may buy: prices tax included in EUR, nothing from a closed or unapproved shop."""

from decimal import Decimal

import pytest
from oscar.core.loading import get_class

from shops.factories import ProductFactory, ShopFactory
from shops.models import Partner

pytestmark = pytest.mark.django_db

Selector = get_class("partner.strategy", "Selector")


def purchase_info(product):
    return Selector().strategy().fetch_for_product(product)


def test_oscar_loads_the_marketplace_strategy() -> None:
    assert Selector.__module__ == "shops.strategy"


def test_price_is_the_shelf_price_tax_included() -> None:
    info = purchase_info(ProductFactory(price=Decimal("4.50")))
    assert info.price.currency == "EUR"
    assert info.price.incl_tax == Decimal("4.50")
    assert info.price.is_tax_known
    assert info.availability.is_available_to_buy


def test_out_of_stock_product_cannot_be_bought() -> None:
    info = purchase_info(ProductFactory(stock=0))
    assert not info.availability.is_available_to_buy


@pytest.mark.parametrize(
    "approval", [Partner.Approval.PENDING, Partner.Approval.SUSPENDED, Partner.Approval.REJECTED]
)
def test_product_of_a_shop_not_on_the_storefront_cannot_be_bought(approval: str) -> None:
    info = purchase_info(ProductFactory(shop=ShopFactory(approval=approval)))
    allowed, reason = info.availability.is_purchase_permitted(1)
    assert not allowed
    assert reason == "This shop is not selling on the marketplace at the moment."


def test_product_of_a_temporarily_closed_shop_says_why() -> None:
    shop = ShopFactory(name="Fromagerie Dubois", temporarily_closed=True, closed_message="back on Monday")
    info = purchase_info(ProductFactory(shop=shop))
    assert not info.availability.is_available_to_buy
    assert info.availability.message == "Fromagerie Dubois is temporarily closed: back on Monday"
    shop.closed_message = ""
    shop.save()
    info = purchase_info(ProductFactory(shop=shop))
    assert info.availability.message == "Fromagerie Dubois is temporarily closed."
