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


def test_product_of_an_in_store_only_shop_cannot_be_bought_online() -> None:
    shop = ShopFactory(name="Quincaillerie Roux", offers_click_collect=False)
    availability = purchase_info(ProductFactory(shop=shop)).availability
    assert availability.is_purchase_permitted(1) == (
        False,
        "Quincaillerie Roux does not take orders online: you can buy it in the shop.",
    )
    assert availability.short_message == "In store only"
    assert not availability.phone


def test_product_of_a_phone_only_shop_says_to_call() -> None:
    shop = ShopFactory(name="Boucherie Martin", offers_click_collect=False, offers_call_collect=True)
    availability = purchase_info(ProductFactory(shop=shop)).availability
    assert availability.is_purchase_permitted(1) == (False, "Boucherie Martin takes orders by phone only.")
    assert availability.phone == "01 23 45 67 89"
    assert availability.short_message == "Order by phone"


def test_a_phone_only_shop_without_a_number_is_in_store_only() -> None:
    shop = ShopFactory(
        name="Boucherie Martin", offers_click_collect=False, offers_call_collect=True, phone=""
    )
    availability = purchase_info(ProductFactory(shop=shop)).availability
    assert availability.message == "Boucherie Martin does not take orders online: you can buy it in the shop."


@pytest.mark.parametrize(
    "modes",
    [
        {"offers_click_collect": True},
        {"offers_click_collect": False, "offers_delivery": True},
        {"offers_click_collect": True, "offers_call_collect": True},
    ],
)
def test_a_shop_selling_online_can_be_bought_from(modes: dict) -> None:
    shop = ShopFactory(**modes)
    assert purchase_info(ProductFactory(shop=shop)).availability.is_available_to_buy
