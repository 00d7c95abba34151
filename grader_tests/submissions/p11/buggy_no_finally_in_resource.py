# expect: p11_test_all_free
import asyncio
import contextlib


class HealthyPool:
    """resource() checks the resource back in only when the body ends normally."""

    def __init__(self, size, factory):
        self.factory = factory
        self.slots = asyncio.Semaphore(size)
        self.idle = []
        self.out = set()
        self.n = 0

    async def checkout(self):
        await self.slots.acquire()
        while self.idle:
            resource = self.idle.pop()
            if resource.check_health():
                break
            resource.close()
        else:
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
        yield r
        await self.checkin(r)
