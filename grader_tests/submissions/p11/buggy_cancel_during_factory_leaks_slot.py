# expect: p11_test_cancel
# Found by red-team pass 40 (attacker V): factory() runs in asyncio.to_thread AFTER the slot is taken, with no
# try/except: a checkout cancelled while its new resource is being made never gives its slot back (a pool of
# size 1 then makes every later checkout wait forever; each such cancellation shrinks the pool by one).
# Scored 20/20 before: every cancellation the checks made hit a checkout that reused a healthy idle resource,
# never one on the factory path. Now p11_test_cancel (cancelled_on_every_path) cancels a checkout at each
# suspension point on a pool with a free slot and nothing idle, and then requires all slots to be usable.
import asyncio
import contextlib
from collections import deque


class HealthyPool:
    """Opening a connection is blocking I/O, so factory() runs in a worker thread."""

    def __init__(self, size, factory):
        self._factory = factory
        self._slots = asyncio.Semaphore(size)
        self._idle = deque()
        self._out = {}
        self._next_id = 0

    async def checkout(self):
        await self._slots.acquire()
        while self._idle:
            candidate = self._idle.popleft()
            if candidate.check_health():
                self._out[id(candidate)] = candidate
                return candidate
            candidate.close()
        self._next_id += 1
        # BUG: cancelled while the connection opens, the slot taken above is never given back
        resource = await asyncio.to_thread(self._factory, self._next_id)
        self._out[id(resource)] = resource
        return resource

    async def checkin(self, resource):
        if self._out.get(id(resource)) is not resource:
            raise ValueError(f"{resource!r} is not checked out from this pool")
        del self._out[id(resource)]
        self._idle.append(resource)
        self._slots.release()

    @contextlib.asynccontextmanager
    async def resource(self):
        resource = await self.checkout()
        try:
            yield resource
        finally:
            await self.checkin(resource)
