"""A Redis cache that degrades to "no cache" instead of failing requests.

Everything Parley keeps in the cache can be recomputed (delivery responses,
token lookups, throttle counters), so when Redis is unreachable a read is a
miss and a write is skipped, each with a warning in the log. Socket timeouts
(settings) keep a hung Redis from holding a request for long.
"""

import logging
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def _warn(operation: str) -> None:
    logger.warning("Cache %s failed; going on without the cache.", operation, exc_info=True)


class ResilientRedisCache(RedisCache):
    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except RedisError:
            _warn("get")
            return default

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        try:
            return super().get_many(keys, version)
        except RedisError:
            _warn("get_many")
            return {}

    def has_key(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().has_key(key, version)
        except RedisError:
            _warn("has_key")
            return False

    def add(self, key: Any, value: Any, timeout: Any = None, version: int | None = None) -> bool:
        try:
            return super().add(key, value, timeout, version)
        except RedisError:
            _warn("add")
            return False

    def set(self, key: Any, value: Any, timeout: Any = None, version: int | None = None) -> None:
        try:
            super().set(key, value, timeout, version)
        except RedisError:
            _warn("set")

    def set_many(self, data: Any, timeout: Any = None, version: int | None = None) -> list[Any]:
        try:
            return super().set_many(data, timeout, version)
        except RedisError:
            _warn("set_many")
            return list(data)

    def touch(self, key: Any, timeout: Any = None, version: int | None = None) -> bool:
        try:
            return super().touch(key, timeout, version)
        except RedisError:
            _warn("touch")
            return False

    def delete(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().delete(key, version)
        except RedisError:
            _warn("delete")
            return False

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        try:
            super().delete_many(keys, version)
        except RedisError:
            _warn("delete_many")
