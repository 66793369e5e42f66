"""Validators for shop data."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def luhn_valid(digits: str) -> bool:
    """The Luhn checksum that SIREN and SIRET numbers carry."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


# La Poste's establishments share one SIREN and do not follow Luhn: INSEE's own rule applies, their
# digits add up to a multiple of 5. Its head office's SIRET is the exception, a Luhn number.
LA_POSTE_SIREN = "356000000"
LA_POSTE_HEAD_OFFICE = "35600000000048"


def siret_valid(value: str) -> bool:
    if len(value) != 14 or not value.isdigit():
        return False
    if value.startswith(LA_POSTE_SIREN) and value != LA_POSTE_HEAD_OFFICE:
        return sum(int(c) for c in value) % 5 == 0
    return luhn_valid(value)


def validate_siret(value: str) -> None:
    cleaned = value.replace(" ", "")
    if len(cleaned) != 14 or not cleaned.isdigit():
        raise ValidationError(_("A SIRET number has 14 digits."), code="siret_length")
    if not siret_valid(cleaned):
        raise ValidationError(
            _("This SIRET number is not valid: please check the digits."), code="siret_checksum"
        )
