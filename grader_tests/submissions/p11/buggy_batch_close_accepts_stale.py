# expect: p11_test_foreign
# Red-team E (builder's member of the kind): as buggy_deferred_close_accepts_stale.py (a stale check-in of a
# resource found dead and replaced is accepted: "ours" is every resource it ever made), but the dead ones are
# closed in a batch at the next successful checkin(), so none is closed yet when a stale holder gives one back.
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
        self._graveyard = []  # dead resources, closed in a batch at the next checkin()

    async def checkout(self):
        await self._slots.acquire()
        try:
            resource = None
            while resource is None and self._idle:
                candidate = self._idle.popleft()
                if candidate.check_health():
                    resource = candidate
                else:
                    self._graveyard.append(candidate)  # closed later, in a batch
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
        while self._graveyard:
            self._graveyard.pop().close()

    @contextlib.asynccontextmanager
    async def resource(self):
        resource = await self.checkout()
        try:
            yield resource
        finally:
            await self.checkin(resource)
