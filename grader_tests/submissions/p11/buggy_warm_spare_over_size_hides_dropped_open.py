# expect: p11_test_healthy p11_test_cancel
# The warm-spare pool of buggy_warm_spare_hides_dropped_open.py (a cancelled checkout drops the resource it
# took or made, open), but every check-in idles the resource: with nothing out, `size` idle ones plus the spare
# are open (size + 1), also in the run that cancels nothing.
# Why buggy: the dropped resource leaks, as there. Fails p11_test_healthy (more than `size` stay open at rest)
# and p11_test_cancel: the uncut run's count is over `size`, so the count is not compared in the cancelled
# runs, but the identity check still finds the dropped one (open, never lent in 3 rounds, not closed).
# Red-team pass 41: a member of the kind "the uncut run's baseline differs, so the cut runs are not judged".
import asyncio
import contextlib
from collections import deque


class HealthyPool:
    def __init__(self, size: int, factory) -> None:
        self._factory = factory
        self._size = size
        self._slots = asyncio.Semaphore(size)
        self._idle = deque()
        self._out = {}
        self._next_id = 0
        self._spare = None  # a warm connection made ahead, for the next checkout once every slot is out

    def _make(self):
        resource = self._factory(self._next_id)
        self._next_id += 1
        return resource

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
            if resource is None and self._spare is not None:
                spare, self._spare = self._spare, None
                if spare.check_health():
                    resource = spare
                else:
                    spare.close()
            if resource is None:
                resource = self._make()
            await asyncio.sleep(0)  # let the other checkouts of a burst take their turn
        except BaseException:
            self._slots.release()  # BUG: `resource` (taken or made) is dropped here, still open
            raise
        self._out[id(resource)] = resource
        if self._spare is None and len(self._out) == self._size:
            self._spare = self._make()  # every slot is out: warm one up for whoever comes next
        return resource

    async def checkin(self, resource) -> None:
        if self._out.pop(id(resource), None) is not resource:
            raise ValueError(f"{resource!r} is not checked out from this pool")
        self._idle.append(resource)  # the spare stays warm on top of `size` idle ones
        self._slots.release()

    @contextlib.asynccontextmanager
    async def resource(self):
        resource = await self.checkout()
        try:
            yield resource
        finally:
            await self.checkin(resource)
