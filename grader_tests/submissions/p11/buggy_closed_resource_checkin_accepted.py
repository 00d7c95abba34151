# expect: p11_test_foreign
# The pool knows its resources as "every resource it made" minus "the idle ones"; when checkout
# finds an idle resource dead it closes it but does not drop it from the resources it made. A
# stale holder that checks the same resource in a second time after the pool has closed and
# replaced it (a retry path, a double `finally`) is accepted: the slot is released twice, and the
# pool then lends size + 1 at once (and a closed resource sits among the idle ones).
# Red-team pass 30 (had 20/20: the only double check-in repeated it while the resource was idle).
import asyncio
import contextlib
from collections import deque


class HealthyPool:
    def __init__(self, size: int, factory) -> None:
        self._factory = factory
        self._slots = asyncio.Semaphore(size)
        self._made = set()   # every resource this pool made (and has not retired)
        self._idle = deque()
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
                    candidate.close()  # bug: still in self._made, so it counts as "out"
            if resource is None:
                resource = self._factory(self._next_id)
                self._next_id += 1
                self._made.add(resource)
        except BaseException:
            self._slots.release()
            raise
        return resource

    async def checkin(self, resource) -> None:
        if resource not in self._made or any(resource is r for r in self._idle):
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
