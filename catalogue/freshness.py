"""The catalogue's generation: a token that changes whenever a product, a stock record or a shop is
saved or deleted, so figures cached under it (a list's count) are never served after a change
(core/generations.py).
"""

from __future__ import annotations

from django.core.cache import cache

from core.generations import generation

GENERATION_KEY = "catalogue:generation"


def catalogue_generation() -> str:
    return generation(GENERATION_KEY)


def catalogue_changed(**kwargs: object) -> None:
    """Receiver of save and delete signals: the next read starts a new generation."""
    cache.delete(GENERATION_KEY)
