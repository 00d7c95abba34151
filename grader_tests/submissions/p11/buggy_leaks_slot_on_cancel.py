# expect: p11_test_cancel
import asyncio
import contextlib
from collections import deque


class HealthyPool:
    """checkin() hands the resource straight to the first waiter's future. If that waiter is
    cancelled before it runs, the resource (and its slot) is gone for good."""

    def __init__(self, size, factory):
        self.factory = factory
        self.free_slots = size
        self.idle = []
        self.out = set()
        self.waiters = deque()
        self.count = 0

    def _fresh(self):
        while self.idle:
            resource = self.idle.pop()
            if resource.check_health():
                return resource
            resource.close()
        self.count += 1
        return self.factory(self.count)

    async def checkout(self):
        if self.free_slots > 0:
            self.free_slots -= 1
            resource = self._fresh()
        else:
            waiter = asyncio.get_running_loop().create_future()
            self.waiters.append(waiter)
            resource = await waiter
        self.out.add(resource)
        return resource

    async def checkin(self, resource):
        if resource not in self.out:
            raise ValueError("not from this pool")
        self.out.discard(resource)
        self.idle.append(resource)
        while self.waiters:
            waiter = self.waiters.popleft()
            if not waiter.done():
                waiter.set_result(self._fresh())
                return
        self.free_slots += 1

    @contextlib.asynccontextmanager
    async def resource(self):
        r = await self.checkout()
        try:
            yield r
        finally:
            await self.checkin(r)
