# expect: p11_test_foreign
import asyncio
import contextlib


class HealthyPool:
    """Takes back whatever it is given, like the practice page's pool (the stale-resource
    handling is fixed here): a foreign resource adds a slot and gets lent out."""

    def __init__(self, size, factory):
        self._factory = factory
        self._available = asyncio.Queue()
        self._sem = asyncio.Semaphore(size)
        for i in range(size):
            self._available.put_nowait(factory(i))
        self._made = size

    async def checkout(self):
        await self._sem.acquire()
        resource = self._available.get_nowait()
        if not resource.check_health():
            resource.close()
            resource = self._factory(self._made)
            self._made += 1
        return resource

    async def checkin(self, resource):
        await self._available.put(resource)
        self._sem.release()

    @contextlib.asynccontextmanager
    async def resource(self):
        r = await self.checkout()
        try:
            yield r
        finally:
            await self.checkin(r)
