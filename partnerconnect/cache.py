"""The cache backend of the project: Redis, failing open to a per-process memory cache when
Redis cannot be reached, so sign-in (allauth's rate limits) keeps working through an outage."""

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# What an unreachable Redis raises (refused, reset, timed out, still loading its data).
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)

# When each Redis server (by its LOCATION) may be tried again, shared by every thread.
_retry_at: dict[str, float] = {}
_retry_lock = threading.Lock()


class FailoverRedisCache(RedisCache):
    """django.core.cache.backends.redis.RedisCache that answers from a local memory cache
    while Redis is unreachable.

    The first failure logs a warning and switches this process to the memory cache for
    FAILOVER_SECONDS (a key of the CACHES entry, default 30), after which Redis is tried
    again. Counts kept meanwhile (rate limits) are per process and start from zero: the
    cache fails open rather than locking everyone out.
    """

    def __init__(self, server, params):
        params = dict(params)
        self.failover_seconds = float(params.pop("FAILOVER_SECONDS", 30))
        super().__init__(server, params)
        self._location = server if isinstance(server, str) else ",".join(server)
        fallback_params = {key: value for key, value in params.items() if key != "OPTIONS"}
        self._fallback = LocMemCache(f"failover:{self._location}", fallback_params)

    def _redis_is_resting(self) -> bool:
        return time.monotonic() < _retry_at.get(self._location, 0.0)

    def _redis_failed(self, error: Exception) -> None:
        with _retry_lock:
            if self._redis_is_resting():
                return
            _retry_at[self._location] = time.monotonic() + self.failover_seconds
        logger.warning(
            "Redis cache at %s is unreachable (%s); using this process's memory cache for %d s",
            self._location,
            error,
            self.failover_seconds,
        )


def _failing_over(name: str):
    redis_method = getattr(RedisCache, name)

    def method(self, *args, **kwargs):
        if not self._redis_is_resting():
            try:
                return redis_method(self, *args, **kwargs)
            except UNREACHABLE as error:
                self._redis_failed(error)
        return getattr(self._fallback, name)(*args, **kwargs)

    method.__name__ = name
    method.__doc__ = redis_method.__doc__
    return method


# Every method of RedisCache that talks to Redis; the rest of BaseCache (get_or_set, decr,
# the async methods...) is built on these.
for _name in (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
):
    setattr(FailoverRedisCache, _name, _failing_over(_name))
