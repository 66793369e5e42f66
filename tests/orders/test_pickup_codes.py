"""Pickup codes: readable, unambiguous, random, and typed back forgivingly."""

import itertools

from hypothesis import given
from hypothesis import strategies as st

from orders.pickup_codes import (
    ALPHABET,
    display_pickup_code,
    new_pickup_code,
    normalise_pickup_code,
    unused_code,
)


def test_codes_avoid_look_alike_characters():
    assert not set("0O1IL") & set(ALPHABET)
    for _ in range(200):
        code = new_pickup_code()
        assert len(code) == 6 and set(code) <= set(ALPHABET)


def test_codes_are_random_not_sequential():
    codes = {new_pickup_code() for _ in range(1000)}
    assert len(codes) > 990  # collisions are handled by the caller, and rare


@given(st.text(alphabet=ALPHABET, min_size=6, max_size=6))
def test_a_displayed_code_typed_back_in_any_case_matches(code):
    shown = display_pickup_code(code)
    assert shown[3] == "-"
    assert normalise_pickup_code(f" {shown.lower()} ") == code
    assert normalise_pickup_code(shown.replace("-", " ")) == code


def test_a_code_is_drawn_again_while_an_open_order_holds_it():
    drawn = itertools.chain(["AAA111", "BBB222"], itertools.repeat("CCC333"))
    taken = {"AAA111", "BBB222"}
    assert unused_code(lambda: next(drawn), taken=taken.__contains__) == "CCC333"
