# expect: p11_test_healthy
import asyncio
import contextlib


class HealthyPool:
    """Checks health when a resource comes back, not when it is lent: a resource that dies
    while idle is handed out."""

    def __init__(self, size, factory):
        self.factory = factory
        self.slots = asyncio.Semaphore(size)
        self.idle = []
        self.out = set()
        self.n = 0

    async def checkout(self):
        await self.slots.acquire()
        if self.idle:
            resource = self.idle.pop()
        else:
            self.n += 1
            resource = self.factory(self.n)
        self.out.add(resource)
        return resource

    async def checkin(self, resource):
        if resource not in self.out:
            raise ValueError("not from this pool")
        self.out.remove(resource)
        if resource.check_health():
            self.idle.append(resource)
        else:
            resource.close()
        self.slots.release()

    @contextlib.asynccontextmanager
    async def resource(self):
        r = await self.checkout()
        try:
            yield r
        finally:
            await self.checkin(r)
