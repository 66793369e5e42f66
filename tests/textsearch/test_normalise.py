"""The French normaliser alone: what a document and a query become, and how far a typo is."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from textsearch.normalise import edit_distance, fold, normalise, query_words, stem, typo_budget


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Œufs fermiers (x6)", "oeuf fermier x6"),
        ("Crème fraîche épaisse", "creme fraiche epaisse"),
        ("Entrecôte de BŒUF", "entrecote de boeuf"),
        ("Pâtes artisanales", "pate artisanale"),
        ("Gâteaux et chevaux", "gateau et cheval"),
        ("Ex-æquo", "ex aequo"),
        ("Jambon à l'os", "jambon a l os"),
        ("Jus de pomme", "jus de pomme"),  # short words keep their s
        ("Express", "express"),
    ],
)
def test_normalise_folds_case_accents_ligatures_and_plurals(text: str, expected: str) -> None:
    assert normalise(text) == expected


def test_query_words_drop_french_stop_words_and_repeats() -> None:
    assert query_words("Le pain au chocolat et le PAIN") == ["pain", "chocolat"]
    assert query_words("de la") == []


def test_singular_and_plural_meet() -> None:
    for singular, plural in [("croissant", "croissants"), ("baguette", "baguettes"), ("gateau", "gateaux")]:
        assert stem(singular) == stem(plural)


@pytest.mark.parametrize(
    ("typed", "meant", "distance"),
    [
        ("fromage", "fromage", 0),
        ("fromgae", "fromage", 1),
        ("patiserie", "patisserie", 1),
        ("crosant", "croissant", 2),
    ],
)
def test_edit_distance_counts_a_swap_once(typed: str, meant: str, distance: int) -> None:
    assert edit_distance(typed, meant) == distance


def test_typo_budget_spares_short_words() -> None:
    assert typo_budget("pain") == 0
    assert typo_budget("pates") == 2
    assert typo_budget("12345") == 0


@given(st.text(max_size=40))
def test_any_text_becomes_plain_lower_case_words(text: str) -> None:
    # What both databases compare: ASCII letters and digits in words joined by single spaces.
    result = normalise(text)
    assert all(
        word.isascii() and word.isalnum() and word == word.lower() for word in result.split(" ") if word
    )
    assert "  " not in result and result == result.strip()
    assert fold(result) == result
