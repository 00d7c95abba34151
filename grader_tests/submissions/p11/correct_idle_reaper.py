# expect: full marks
# A pool that closes resources idle in it for more than 60 s (when a checkout comes) and keeps
# their slots: a later checkout makes a fresh resource. The statement allows closing idle
# resources; what it does not allow is lending fewer than `size` afterwards (see
# buggy_idle_reaper_loses_slots), so this keeps full marks after p11_test_all_free's quiet period.
import asyncio
import contextlib
import time
from collections import deque


class HealthyPool:
    IDLE_LIMIT = 60.0

    def __init__(self, size: int, factory) -> None:
        self._factory = factory
        self._slots = asyncio.Semaphore(size)
        self._idle = deque()  # (resource, idle since)
        self._out = {}
        self._next_id = 0

    async def _reap(self):
        now = time.monotonic()
        while self._idle and now - self._idle[0][1] > self.IDLE_LIMIT:
            resource, _ = self._idle.popleft()
            resource.close()  # its slot stays: a later checkout makes a fresh one

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
