"""Server-side cache of delivery responses, safe to lose.

Every key carries a *generation*; publishing, unpublishing, a channel change or
a revoked token starts a new generation, so stale entries are never read again
and simply expire. With `REDIS_URL` the cache (and so the generation) is shared
by every web process; the local-memory default suits one process.

A cache that fails (Redis down) is treated as empty: requests go to the
database and still answer, never with an error.
"""

import logging
import uuid
from typing import Any

from django.core.cache import cache

logger = logging.getLogger(__name__)

GENERATION_KEY = "delivery:generation"
TIMEOUT = 60 * 60


def generation() -> str | None:
    """The current generation, or None when the cache cannot be used."""
    try:
        current = cache.get(GENERATION_KEY)
        if current is None:
            current = uuid.uuid4().hex
            if not cache.add(GENERATION_KEY, current, None):
                current = cache.get(GENERATION_KEY)
        return current
    except Exception:  # any backend failure means: no cache this time
        logger.warning("Delivery cache unavailable; answering from the database.", exc_info=True)
        return None


def invalidate(**_signal_kwargs: Any) -> None:
    """Start a new generation: everything cached so far is no longer read."""
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, None)
    except Exception:
        logger.warning("Could not invalidate the delivery cache.", exc_info=True)


def get(gen: str | None, key: str) -> Any:
    if gen is None:
        return None
    try:
        return cache.get(f"delivery:{gen}:{key}")
    except Exception:
        logger.warning("Delivery cache read failed.", exc_info=True)
        return None


def set(gen: str | None, key: str, value: Any) -> None:
    if gen is None:
        return
    try:
        cache.set(f"delivery:{gen}:{key}", value, TIMEOUT)
    except Exception:
        logger.warning("Delivery cache write failed.", exc_info=True)
