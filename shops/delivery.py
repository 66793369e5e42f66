"""Delivery rules as plain values: which postcodes a shop delivers, at what fee, from what amount."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class DeliveryRules:
    postcodes: frozenset[str]
    fee: Decimal = Decimal("0.00")
    free_from: Decimal | None = None  # the fee is waived from this basket subtotal on
    minimum: Decimal = Decimal("0.00")  # no delivery below this subtotal


@dataclass(frozen=True)
class DeliveryQuote:
    fee: Decimal


class DeliveryRefused(ValueError):
    """Why this delivery cannot be made: `code` is `postcode` or `minimum`."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def parse_postcodes(text: str) -> frozenset[str]:
    """ "78220, 78140 78000" → {"78220", "78140", "78000"}: any separator, five digits each."""
    return frozenset(re.findall(r"\b\d{5}\b", text))


def delivery_quote(rules: DeliveryRules, *, postcode: str, subtotal: Decimal) -> DeliveryQuote:
    """The fee for delivering `subtotal` to `postcode`, or DeliveryRefused saying why not."""
    if postcode.strip() not in rules.postcodes:
        raise DeliveryRefused("postcode")
    if subtotal < rules.minimum:
        raise DeliveryRefused("minimum")
    if rules.free_from is not None and subtotal >= rules.free_from:
        return DeliveryQuote(fee=Decimal("0.00"))
    return DeliveryQuote(fee=rules.fee)
