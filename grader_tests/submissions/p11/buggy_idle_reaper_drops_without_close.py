# expect: p11_test_healthy
# Broken promise: "Every unhealthy resource it finds is closed with close()" (hint 2: dropping a
# dead resource without close() leaks its socket). This pool reaps resources idle in it for more
# than 60 s (when a checkout comes) and keeps their slots (fresh ones from the factory), but forgets
# to close what it reaps: after every quiet minute each idle connection leaks. Within 60 s it
# behaves as the reference.
# Red-team pass 30 (had 20/20: the only long idle with resources in the pool, p11_test_all_free's,
# never asked factory.still_open()): caught by idle_for_ages (p11_test_healthy).
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

    def _reap(self):
        now = time.monotonic()
        while self._idle and now - self._idle[0][1] > self.IDLE_LIMIT:
            self._idle.popleft()  # bug: dropped without close(): its connection leaks

    async def checkout(self):
        self._reap()
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
