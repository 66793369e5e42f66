"""Pickup codes: short, easy to read aloud, with no characters that look alike.

A code is random (never derived from the order number) and is shown as two groups of three
characters, "K7M-4QP"; what the merchant types is compared ignoring case, spaces and dashes.
"""

import secrets
from collections.abc import Callable

# No 0/O and no 1/I/L: what is shown can be read aloud and typed back without doubt.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LENGTH = 6


def new_pickup_code() -> str:
    """A fresh random code in canonical form (no dash), one of 31⁶ ≈ 887 million."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def unused_code(new_code: Callable[[], str], *, taken: Callable[[str], bool]) -> str:
    """A code drawn until `taken` says no open order concerned holds it (a collision is rare: 31⁶ codes)."""
    while True:
        code = new_code()
        if not taken(code):
            return code


def display_pickup_code(code: str) -> str:
    return f"{code[:3]}-{code[3:]}"


def normalise_pickup_code(typed: str) -> str:
    """What the merchant typed, in canonical form."""
    return "".join(char for char in typed.upper() if char.isalnum())
