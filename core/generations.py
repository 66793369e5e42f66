"""Generations: a token kept in the cache that changes after a change, so what was cached under an
earlier token is never served again (catalogue counts, whole storefront pages).

Kept in the cache (Redis in production, shared by every web process); a cleared cache simply
starts a new generation.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache


def generation(key: str) -> str:
    """The current token under `key`, a new one when there is none."""
    token = cache.get(key)
    if token is None:
        token = uuid.uuid4().hex
        cache.set(key, token, None)
    return token
