# expect: p11_test_foreign
# BUG: the pool recognizes its resources by the id it gave the factory (`resource.id`), not by
# identity. Ids come from one module-wide counter, so two pools never give the same id, but a
# resource made elsewhere that carries an id this pool has out (another factory, or the same
# factory called directly) is accepted by checkin(): the pool then holds a stranger, lends it,
# and has one more resource than it made (the real one can still be checked in too).
import asyncio
import contextlib
import itertools
from collections import deque

_ids = itertools.count()  # unique ids for every resource of every pool


class HealthyPool:
    def __init__(self, size: int, factory) -> None:
        self._factory = factory
        self._slots = asyncio.Semaphore(size)
        self._idle = deque()
        self._out_ids = set()

    async def checkout(self):
        await self._slots.acquire()
        try:
            resource = None
            while resource is None and self._idle:
                candidate = self._idle.popleft()
                if candidate.check_health():
                    resource = candidate
                else:
                    candidate.close()
            if resource is None:
                resource = self._factory(next(_ids))
        except BaseException:
            self._slots.release()
            raise
        self._out_ids.add(resource.id)
        return resource

    async def checkin(self, resource) -> None:
        if getattr(resource, "id", None) not in self._out_ids:
            raise ValueError(f"{resource!r} is not checked out from this pool")
        self._out_ids.discard(resource.id)
        self._idle.append(resource)
        self._slots.release()

    @contextlib.asynccontextmanager
    async def resource(self):
        resource = await self.checkout()
        try:
            yield resource
        finally:
            await self.checkin(resource)
