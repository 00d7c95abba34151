# expect: p11_test_cancel
# A warm-spare pool whose spare is made lazily, at another moment than in buggy_warm_spare_hides_dropped_open.py:
# by a checkout that finds every slot taken (it will wait), to be lent once the idle ones are gone; check-ins
# close rather than idle a resource when idle + out + spare would pass `size` (at most `size` open at rest).
# Why buggy: a checkout cancelled at its `await asyncio.sleep(0)` (after it took or made a resource) gives its
# slot back and DROPS THAT RESOURCE OPEN. Fails p11_test_cancel: the dropped one is open, never lent when all
# slots are checked out 3 times in a row, and not closed; the spare is lent in those rounds, so it does not
# make the run that cancels nothing look unclean.
# Red-team pass 41: a member of the kind "the uncut run's baseline differs, so the cut runs are not judged"
# (it lost p11_test_cancel before the rounds too, on schedules where its uncut run had no spare left over).
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
        if self._slots.locked() and self._spare is None:
            self._spare = self._make()  # this checkout must wait: warm one up for when a slot comes back
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
        return resource

    async def checkin(self, resource) -> None:
        if self._out.pop(id(resource), None) is not resource:
            raise ValueError(f"{resource!r} is not checked out from this pool")
        kept = len(self._idle) + len(self._out) + (self._spare is not None)
        if kept + 1 > self._size:
            resource.close()  # never more than `size` open: the spare is younger, keep it
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
