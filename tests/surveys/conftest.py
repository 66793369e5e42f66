"""Fixtures of the surveys tests: the digital corner's people (tests/corner_people.py)."""

from tests.corner_people import manager, other_shop, people, shop  # noqa: F401
