# expect: full marks
# A warm-spare pool whose spare is made lazily, by a checkout that finds every slot taken (it will wait), and
# lent once the idle ones are gone; check-ins close rather than idle a resource when idle + out + spare would
# pass `size`. A checkout cancelled at its `await asyncio.sleep(0)` closes the resource it took or made. The
# correct twin of buggy_lazy_spare_hides_dropped_open.py: a spare the pool keeps (lends later, or closes) is
# allowed by the contract, which bounds the resources out, not the ones open.
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
        resource = None
        try:
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
            if resource is not None:  # cancelled with a resource in hand: closed, it is not lost open
                resource.close()
            self._slots.release()
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
