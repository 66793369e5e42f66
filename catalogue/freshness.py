"""The catalogue's generation: a token that changes whenever a product, a stock record or a shop is
saved or deleted, so figures cached under it (a list's count) are never served after a change.

Kept in the cache (Redis in production, shared by every web process); a cleared cache simply
starts a new generation.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache

GENERATION_KEY = "catalogue:generation"


def catalogue_generation() -> str:
    token = cache.get(GENERATION_KEY)
    if token is None:
        token = uuid.uuid4().hex
        cache.set(GENERATION_KEY, token, None)
    return token


def catalogue_changed(**kwargs: object) -> None:
    """Receiver of save and delete signals: the next read starts a new generation."""
    cache.delete(GENERATION_KEY)
