"""SIRET numbers: Luhn for every business, La Poste's establishments by INSEE's own rule."""

import pytest
from django.core.exceptions import ValidationError

from shops.validators import validate_siret

CHECKSUM = "This SIRET number is not valid: please check the digits."


@pytest.mark.parametrize(
    "siret",
    [
        "73282932000074",  # a Luhn number
        "35600000049837",  # a La Poste post office: digits add up to 45, not a Luhn number
        "35600000000048",  # La Poste's head office: a Luhn number, digits add up to 26
        "356 000 000 49837",
    ],
)
def test_valid_sirets_pass(siret: str) -> None:
    validate_siret(siret)


@pytest.mark.parametrize(
    "siret",
    [
        "73282932000075",  # Luhn broken
        "35600000049838",  # La Poste: digits add up to 46
        "35600000000049",  # La Poste's head office number, last digit wrong
    ],
)
def test_a_wrong_digit_is_refused(siret: str) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_siret(siret)
    assert refused.value.messages == [CHECKSUM]


@pytest.mark.parametrize("siret", ["3560000004983", "356000000498370", "35600000O49837"])
def test_a_siret_is_14_digits(siret: str) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_siret(siret)
    assert refused.value.messages == ["A SIRET number has 14 digits."]
