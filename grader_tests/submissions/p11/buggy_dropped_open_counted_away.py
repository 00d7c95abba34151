# expect: p11_test_cancel
# factory() runs in asyncio.to_thread; a checkout cancelled there gives its slot back but DROPS the resource the
# thread goes on to make, open, for good (the bug of buggy_factory_thread_cancel_drops_new.py). To keep the COUNT
# of open resources right (at most `size` with nothing out), the pool counts how many it dropped and, at check-in,
# closes a perfectly good returned resource whenever keeping it would make idle + dropped exceed size.
# Why buggy: the dropped connection itself is never closed and nobody keeps it (a leak); closing good ones makes
# the number look right. Fails p11_test_cancel: with all slots checked out at once (which hands out every resource
# the pool keeps), the dropped one is open, not among them, and still open once they are back (identity, not count).
# Found by red-team pass 40 (second round): it scored 20/20 against the count-only none_dropped_open check.
import asyncio
import contextlib
from collections import deque


class HealthyPool:
    def __init__(self, size, factory):
        self._factory = factory
        self._size = size
        self._slots = asyncio.Semaphore(size)
        self._idle = deque()
        self._out = {}
        self._next_id = 0
        self._dropped = 0

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
                self._next_id += 1
                try:
                    resource = await asyncio.to_thread(self._factory, self._next_id)
                except asyncio.CancelledError:
                    self._dropped += 1  # BUG: the thread's resource is dropped open; only counted
                    raise
        except BaseException:
            self._slots.release()
            raise
        self._out[id(resource)] = resource
        return resource

    async def checkin(self, resource):
        if self._out.get(id(resource)) is not resource:
            raise ValueError(f"{resource!r} is not checked out from this pool")
        del self._out[id(resource)]
        if len(self._idle) + self._dropped >= self._size:
            resource.close()  # keeps the open COUNT at most size: the dropped one stays open
        else:
            self._idle.append(resource)
        self._slots.release()

    @contextlib.asynccontextmanager
    async def resource(self):
        resource = await self.checkout()
        try:
            yield resource
        finally:
            await self.checkin(resource)
