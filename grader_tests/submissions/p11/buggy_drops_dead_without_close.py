# expect: p11_test_healthy
import asyncio
import contextlib


class HealthyPool:
    """Replaces a dead resource but never closes it: its connection leaks."""

    def __init__(self, size, factory):
        self.factory = factory
        self.slots = asyncio.Semaphore(size)
        self.idle = []
        self.out = set()
        self.n = 0

    async def checkout(self):
        await self.slots.acquire()
        resource = None
        while self.idle and resource is None:
            candidate = self.idle.pop()
            if candidate.check_health():
                resource = candidate
        if resource is None:
            self.n += 1
            resource = self.factory(self.n)
        self.out.add(resource)
        return resource

    async def checkin(self, resource):
        if resource not in self.out:
            raise ValueError("not from this pool")
        self.out.remove(resource)
        self.idle.append(resource)
        self.slots.release()

    @contextlib.asynccontextmanager
    async def resource(self):
        r = await self.checkout()
        try:
            yield r
        finally:
            await self.checkin(r)
