# expect: p11_test_cancel
# The same kind as red-team pass 40's findings (buggy_cancel_during_factory_leaks_slot): factory() runs in
# asyncio.to_thread, and a checkout cancelled there gives its slot back (so no slot leaks), but the resource
# the thread goes on to make is lost: cancelling the await does not stop the thread, its result is dropped,
# and that connection stays open for good (one more leaked connection per cancellation).
# A correct pool shields the thread's future and keeps (or closes) what it made: correct_factory_in_thread_shielded.
import asyncio
import contextlib
from collections import deque


class HealthyPool:
    def __init__(self, size, factory):
        self._factory = factory
        self._slots = asyncio.Semaphore(size)
        self._idle = deque()
        self._out = {}
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
                    candidate.close()
            if resource is None:
                self._next_id += 1
                # BUG: cancelled here, the slot goes back but the resource the thread makes is dropped, open
                resource = await asyncio.to_thread(self._factory, self._next_id)
        except BaseException:
            self._slots.release()
            raise
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
