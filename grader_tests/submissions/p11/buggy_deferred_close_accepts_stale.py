# expect: p11_test_foreign
# Red-team E: a pool that knows its resources as "every one it ever made" (never shrinks) accepts the stale
# check-in of a resource it found dead and replaced (lends size+1 then); it closes dead ones with
# loop.call_soon(candidate.close), so the check, which tried the stale check-in only once closed_at was set, was
# skipped (20/20). It now decides from what it knows: the resource is not out.
import asyncio
import contextlib
from collections import deque


class HealthyPool:
    """Lends at most `size` resources at once; unhealthy ones are closed and replaced."""

    def __init__(self, size: int, factory) -> None:
        self._factory = factory
        self._slots = asyncio.Semaphore(size)
        self._idle = deque()
        self._mine = set()   # every resource this pool ever made (never shrinks: the bug)
        self._next_id = 0

    async def checkout(self):
        await self._slots.acquire()
        try:
            resource = None
            while resource is None and self._idle:
                candidate = self._idle.popleft()
                if candidate.check_health():
                    resource = candidate
                else:
                    asyncio.get_running_loop().call_soon(candidate.close)  # close off the hot path
            if resource is None:
                resource = self._factory(self._next_id)
                self._next_id += 1
                self._mine.add(resource)
        except BaseException:
            self._slots.release()
            raise
        return resource

    async def checkin(self, resource) -> None:
        # "ours, and not already back in the pool" -- but a resource dropped as dead is neither idle nor out
        if resource not in self._mine or any(resource is r for r in self._idle):
            raise ValueError(f"{resource!r} is not checked out from this pool")
        self._idle.append(resource)
        self._slots.release()

    @contextlib.asynccontextmanager
    async def resource(self):
        resource = await self.checkout()
        try:
            yield resource
        finally:
            await self.checkin(resource)
