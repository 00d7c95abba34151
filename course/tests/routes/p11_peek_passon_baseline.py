# A pool whose checkout, cancelled after a slot was handed to it, passes the slot on to the next waiter, but
# peeks at that waiter instead of taking it off the line: one such cancellation is handled (the waiter gets the
# slot), two woken checkouts cancelled in the same instant both pass their slot to the same waiter, and a slot
# is lost for good (p11_test_cancel's woken_checkouts_cancelled_together).
import asyncio
import contextlib
from collections import deque


class HealthyPool:
    """Lends at most `size` resources at once; unhealthy ones are closed and replaced."""

    def __init__(self, size: int, factory) -> None:
        self._factory = factory
        self._free = size
        self._waiters = deque()   # futures of checkouts waiting for a slot, FIFO
        self._idle = deque()
        self._out = {}
        self._next_id = 0

    async def checkout(self):
        if self._free > 0 and not self._waiters:
            self._free -= 1
        else:
            fut = asyncio.get_running_loop().create_future()
            self._waiters.append(fut)
            try:
                await fut  # checkin hands its slot over by resolving fut
            except asyncio.CancelledError:
                if fut in self._waiters:
                    self._waiters.remove(fut)
                elif asyncio.Future.done(fut) and not asyncio.Future.cancelled(fut):
                    # Handed a slot, cancelled before it ran: pass the slot on. BUG: the next waiter is
                    # peeked at, not taken off the line, so when two checkouts woken in the same instant
                    # are cancelled together, both pass their slot to the same waiter and one slot is lost.
                    nxt = self._waiters[0] if self._waiters else None
                    if nxt is None:
                        self._free += 1
                    elif not asyncio.Future.done(nxt):
                        nxt.set_result(None)
                raise
        resource = None
        while resource is None and self._idle:
            candidate = self._idle.popleft()
            if candidate.check_health():
                resource = candidate
            else:
                candidate.close()
        if resource is None:
            resource = self._factory(self._next_id)
            self._next_id += 1
        self._out[id(resource)] = resource
        return resource

    def _hand_over(self) -> bool:
        while self._waiters:
            fut = self._waiters.popleft()
            if not asyncio.Future.done(fut):
                fut.set_result(None)
                return True
        return False

    async def checkin(self, resource) -> None:
        if self._out.pop(id(resource), None) is not resource:
            raise ValueError(f"{resource!r} is not checked out from this pool")
        self._idle.append(resource)
        if not self._hand_over():
            self._free += 1

    @contextlib.asynccontextmanager
    async def resource(self):
        resource = await self.checkout()
        try:
            yield resource
        finally:
            await self.checkin(resource)
