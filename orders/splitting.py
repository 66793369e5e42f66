"""Splitting a basket into one part per shop: plain values, no ORM."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

Line = TypeVar("Line")


@dataclass
class ShopPart(Generic[Line]):
    """What one shop must prepare: its lines, in basket order."""

    shop_id: int
    lines: list[Line] = field(default_factory=list)


def split_by_shop(lines: Iterable[Line], shop_of: Callable[[Line], int]) -> list[ShopPart[Line]]:
    """One part per shop, shops in the order they first appear in the basket."""
    parts: dict[int, ShopPart[Line]] = {}
    for line in lines:
        shop_id = shop_of(line)
        parts.setdefault(shop_id, ShopPart(shop_id)).lines.append(line)
    return list(parts.values())
