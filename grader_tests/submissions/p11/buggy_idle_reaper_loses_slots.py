# expect: p11_test_all_free
# Broken promise: "checkout() waits while `size` resources are out" (and only then) / "after all
# work every slot is free again": this pool reaps resources that sat idle in it for more than 60 s
# (closing them is fine), but it retires their slot with them, so after a quiet minute a pool of
# size 3 lends only 1 at once: checkouts wait with free slots. No check used to leave a resource
# idle in the pool for long (the 10**9 s waits hold every slot OUT of the pool); caught by
# every_slot_free_at_the_end (p11_test_all_free): on seed 0 the pool sits idle 10**9 s, every
# resource checked in, before `size` checkouts must succeed at once.
import asyncio
import contextlib
import time
from collections import deque


class HealthyPool:
    IDLE_LIMIT = 60.0

    def __init__(self, size: int, factory) -> None:
        self._factory = factory
        self._slots = asyncio.Semaphore(size)
        self._capacity = size
        self._idle = deque()  # (resource, idle since)
        self._out = {}
        self._next_id = 0

    async def _reap(self):
        now = time.monotonic()
        while self._idle and now - self._idle[0][1] > self.IDLE_LIMIT:
            resource, _ = self._idle.popleft()
            resource.close()
            if self._capacity > 1 and not self._slots.locked():
                await self._slots.acquire()  # free now: returns at once, and is never given back
                self._capacity -= 1  # a quiet pool needs fewer connections

    async def checkout(self):
        await self._reap()
        await self._slots.acquire()
        try:
            resource = None
            while resource is None and self._idle:
                candidate, _ = self._idle.popleft()
                if candidate.check_health():
                    resource = candidate
                else:
                    candidate.close()
            if resource is None:
                resource = self._factory(self._next_id)
                self._next_id += 1
        except BaseException:
            self._slots.release()
            raise
        self._out[id(resource)] = resource
        return resource

    async def checkin(self, resource) -> None:
        if self._out.pop(id(resource), None) is not resource:
            raise ValueError(f"{resource!r} is not checked out from this pool")
        self._idle.append((resource, time.monotonic()))
        self._slots.release()

    @contextlib.asynccontextmanager
    async def resource(self):
        resource = await self.checkout()
        try:
            yield resource
        finally:
            await self.checkin(resource)
