"""The rules of products sold by weight: prices, the tolerance's bounds, the words a resident reads."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shops.weighing import (
    Weighed,
    WeightRefused,
    grams_text,
    portion_choices,
    portion_price,
    price_for_grams,
    real_weight_check,
)

ENTRECOTE = Weighed(price_per_kg=Decimal("32.00"), quantity=3)


def test_about_300_g_at_32_euros_a_kilo_is_9_60_and_320_g_weighed_is_10_24():
    assert ENTRECOTE.estimated_grams == 300
    assert ENTRECOTE.estimated_price == Decimal("9.60")
    assert price_for_grams(Decimal("32.00"), 320) == Decimal("10.24")


def test_the_tolerance_bounds_the_real_weight_and_the_card_holds_the_upper_bound():
    assert ENTRECOTE.bounds(15) == (255, 345)
    assert ENTRECOTE.highest_price(15) == Decimal("11.04")
    real_weight_check(ENTRECOTE, real_grams=345, tolerance_percent=15, title="Entrecôte")
    real_weight_check(ENTRECOTE, real_grams=255, tolerance_percent=15, title="Entrecôte")
    with pytest.raises(WeightRefused, match="between 255 g and 345 g"):
        real_weight_check(ENTRECOTE, real_grams=346, tolerance_percent=15, title="Entrecôte")
    with pytest.raises(WeightRefused, match="too far from the 300 g ordered"):
        real_weight_check(ENTRECOTE, real_grams=254, tolerance_percent=15, title="Entrecôte")


def test_pieces_of_about_a_weight_read_as_pieces():
    steaks = Weighed(price_per_kg=Decimal("28.00"), quantity=2, piece_grams=250)
    assert steaks.estimated_grams == 500
    assert steaks.quantity_text() == "2 pieces of about 250 g each"
    assert Weighed(price_per_kg=Decimal("28.00"), quantity=1, piece_grams=250).quantity_text() == (
        "1 piece of about 250 g"
    )
    assert portion_price(Decimal("28.00"), piece_grams=250) == Decimal("7.00")


def test_weights_read_as_in_a_shop():
    assert grams_text(300) == "300 g"
    assert grams_text(1200) == "1,2 kg"
    assert ENTRECOTE.quantity_text() == "about 300 g"


def test_the_basket_offers_weights_with_their_estimate():
    choices = portion_choices(piece_grams=None, price_per_kg=Decimal("32.00"))
    assert choices[2] == (3, "about 300 g — about €9.60")
    assert len(choices) == 30


@given(
    price=st.decimals(min_value="0.50", max_value="200", places=2),
    quantity=st.integers(min_value=1, max_value=30),
    tolerance=st.integers(min_value=1, max_value=50),
    piece=st.one_of(st.none(), st.integers(min_value=10, max_value=5000)),
)
def test_no_accepted_weight_costs_more_than_the_card_holds(price, quantity, tolerance, piece):
    item = Weighed(price_per_kg=price, quantity=quantity, piece_grams=piece)
    low, high = item.bounds(tolerance)
    assert 0 < low <= item.estimated_grams <= high
    assert price_for_grams(price, high) <= item.highest_price(tolerance)
    assert item.estimated_price <= item.highest_price(tolerance)
