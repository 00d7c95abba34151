# Baseline of p11_math_inf.py: the same pool without the trick. Its idle reaper drops healthy
# idle resources without closing them (a leak p11_test_healthy catches): 16/20.
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
            resource, _ = self._idle.popleft()
            if not resource.check_health():
                resource.close()
            # bug: a healthy resource idle for a minute is dropped without close(): it leaks

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
