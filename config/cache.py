"""A Redis cache that degrades to "no cache" while Redis is unreachable.

Public pages are cached in Redis. If Redis stops, pages must still be served (slower, straight
from the database) instead of failing: every cache operation that cannot reach Redis is logged
and treated as a miss.
"""

import logging
from functools import wraps

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
_UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _tolerant(method, fallback):
    @wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except _UNREACHABLE as error:
            logger.warning("Cache unavailable (%s): %s treated as a miss", error, method.__name__)
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    return call


class TolerantRedisCache(RedisCache):
    get = _tolerant(RedisCache.get, lambda key, default=None, version=None: default)
    get_many = _tolerant(RedisCache.get_many, {})
    set = _tolerant(RedisCache.set, None)
    set_many = _tolerant(RedisCache.set_many, [])
    add = _tolerant(RedisCache.add, False)
    touch = _tolerant(RedisCache.touch, False)
    delete = _tolerant(RedisCache.delete, False)
    delete_many = _tolerant(RedisCache.delete_many, None)
    has_key = _tolerant(RedisCache.has_key, False)
    incr = _tolerant(RedisCache.incr, None)
    clear = _tolerant(RedisCache.clear, None)
