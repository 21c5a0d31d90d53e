"""Django's Redis cache, without a new client object per operation.

django.core.cache.backends.redis builds a fresh `redis.Redis` for every get/set (each with its
table of about a hundred response callbacks); a signed-in page makes several cache calls (the
session, maintenance status, announcements), so that was a measurable share of every request.
A `redis.Redis` holds nothing but its connection pool and is thread-safe: one per pool does."""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
