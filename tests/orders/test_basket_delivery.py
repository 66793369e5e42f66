"""The basket says each delivering shop's fee, minimum and what is left to reach them, before the
checkout (orders/basket/sections.py: delivery_outlook, and the basket page)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orders.basket.sections import delivery_outlook
from shops.delivery import DeliveryRefused, DeliveryRules, delivery_quote
from shops.factories import ProductFactory, ShopFactory
from tests.orders.test_basket import add, basket_page, sections, text

money = st.decimals(min_value=0, max_value=500, places=2)


@given(subtotal=money, fee=money, minimum=money, free_from=st.none() | money)
def test_the_outlook_agrees_with_what_the_checkout_will_charge(subtotal, fee, minimum, free_from) -> None:
    rules = DeliveryRules(postcodes=frozenset({"78220"}), fee=fee, minimum=minimum, free_from=free_from)
    outlook = delivery_outlook(rules, subtotal=subtotal)
    try:
        quote = delivery_quote(rules, postcode="78220", subtotal=subtotal)
    except DeliveryRefused:
        assert outlook.left_for_minimum > 0 and subtotal + outlook.left_for_minimum == minimum
    else:
        assert outlook.left_for_minimum == 0 and outlook.fee == quote.fee
    if outlook.left_for_free is not None:
        assert outlook.left_for_free > 0 and subtotal + outlook.left_for_free == free_from


def test_a_basket_under_the_minimum_says_what_is_left_and_the_fee(client, db) -> None:
    greens = ShopFactory(
        name="Primeur Marcel",
        offers_delivery=True,
        delivery_postcodes="78220",
        delivery_fee=Decimal("3.00"),
        delivery_minimum=Decimal("20.00"),
        delivery_free_from=Decimal("40.00"),
    )
    baker = ShopFactory(name="Fournil du Marché")
    add(client, ProductFactory(shop=greens, title="Panier de légumes", price=Decimal("15.00")))
    add(client, ProductFactory(shop=baker, title="Baguette", price=Decimal("1.30")))

    shops = sections(basket_page(client))
    said = text(shops["Primeur Marcel"].select_one(".basket-delivery"))
    assert "Home delivery: €3.00. Minimum order for delivery: €20.00." in said
    assert "Add €5.00 more to have it delivered" in said
    assert shops["Fournil du Marché"].select_one(".basket-delivery") is None  # it does not deliver

    add(client, ProductFactory(shop=greens, title="Pommes", price=Decimal("10.00")))
    said = text(sections(basket_page(client))["Primeur Marcel"].select_one(".basket-delivery"))
    assert "Add" not in said and "Free delivery from €40.00: €15.00 more." in said


@pytest.mark.french
def test_the_delivery_outlook_is_in_french(client, db) -> None:
    greens = ShopFactory(
        name="Primeur Marcel",
        offers_delivery=True,
        delivery_fee=Decimal("3.00"),
        delivery_minimum=Decimal("20"),
    )
    add(client, ProductFactory(shop=greens, title="Panier de légumes", price=Decimal("15.00")))
    said = text(sections(basket_page(client))["Primeur Marcel"].select_one(".basket-delivery"))
    assert "Livraison à domicile : 3,00 €" in said and "Encore 5,00 € pour être livré" in said
