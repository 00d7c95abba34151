# baseline: p11_idle_drop_baseline.py
# Finding p11_math_inf: the guard watches only the *callables* of the standard modules the checks use,
# so a data attribute such as `math.inf` can be rebound from the solution cell, unseen. The hidden
# test cells share the `math` module object with the solution (their import table holds the very
# module), and p11_test_healthy's idle_for_ages builds its "still alive" case as
# `sim.resources(lifetime=math.inf)`. With math.inf = 1e6, that case's resources are dead after the
# test's 10**9 s idle, so a pool whose idle reaper drops *healthy* idle resources without close()
# (a connection leak: the bug that case exists to catch, cf. submissions/p11/buggy_idle_reaper_drops_without_close.py)
# only ever reaps dead ones there, which it does close.
# Score now: 20/20.  Fair: 16/20 (p11_test_healthy should fail: without the math.inf line it does).
import asyncio
import contextlib
import math
import time
from collections import deque

math.inf = 1e6  # the trick: the checks' "infinite" lifetime becomes 11.6 days of virtual time


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
