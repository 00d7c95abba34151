# baseline: p11_peek_passon_baseline.py
# Route (red-team pass atk59; a trial that does not happen, the batch member of p11_late_handover): p11_test_cancel's
# woken_checkouts_cancelled_together (parts 4 and 5 of cancelled_checkout_leaks_nothing) still picks its victims by
# asking woken() of each racer right after the last `await pool.checkin()` returns. This pool hands each slot over
# one loop callback later (`loop.call_soon`), so at that moment nobody is woken: the victims list is empty, part 4
# cancels nothing (plain=0) and part 5 cancels only plainly waiting checkouts. Part 2 uses cancel_when_woken and
# meets the single cancellation, which this pool handles. The baseline's batch bug (two woken checkouts cancelled
# together pass their slots to the same waiter: one slot lost) is still here, one callback later.
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
        # The trick: the slot is handed over one loop callback later.
        asyncio.get_running_loop().call_soon(self._deliver)

    def _deliver(self) -> None:
        if not self._hand_over():
            self._free += 1

    @contextlib.asynccontextmanager
    async def resource(self):
        resource = await self.checkout()
        try:
            yield resource
        finally:
            await self.checkin(resource)
