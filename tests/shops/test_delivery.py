"""Delivery rules: zone by postcode, minimum order, fee waived from a threshold."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shops.delivery import DeliveryRefused, DeliveryRules, delivery_quote, parse_postcodes

RULES = DeliveryRules(
    postcodes=frozenset({"78220", "78140"}),
    fee=Decimal("4.00"),
    free_from=Decimal("50"),
    minimum=Decimal("15"),
)


def test_postcodes_are_read_whatever_the_separators():
    assert parse_postcodes("78220, 78140;78000\n92370 ab 1234") == {"78220", "78140", "78000", "92370"}


@pytest.mark.parametrize(
    "postcode, subtotal, fee",
    [
        ("78220", Decimal("15.00"), Decimal("4.00")),
        ("78140", Decimal("49.99"), Decimal("4.00")),
        ("78220", Decimal("50.00"), Decimal("0.00")),
        (" 78220 ", Decimal("80"), Decimal("0.00")),
    ],
)
def test_fee_inside_the_zone(postcode, subtotal, fee):
    assert delivery_quote(RULES, postcode=postcode, subtotal=subtotal).fee == fee


def test_outside_the_zone_or_below_the_minimum_is_refused_with_the_reason():
    with pytest.raises(DeliveryRefused) as outside:
        delivery_quote(RULES, postcode="75001", subtotal=Decimal("100"))
    assert outside.value.code == "postcode"
    with pytest.raises(DeliveryRefused) as small:
        delivery_quote(RULES, postcode="78220", subtotal=Decimal("14.99"))
    assert small.value.code == "minimum"


@given(subtotal=st.decimals(min_value=0, max_value=1000, places=2))
def test_the_fee_never_grows_with_the_basket(subtotal):
    try:
        lower = delivery_quote(RULES, postcode="78220", subtotal=subtotal).fee
        higher = delivery_quote(RULES, postcode="78220", subtotal=subtotal + 1).fee
    except DeliveryRefused as refused:
        assert refused.code == "minimum" and subtotal < RULES.minimum
    else:
        assert higher <= lower and lower in (Decimal("0.00"), RULES.fee)
