# baseline: p11_baseline.py
# Route: p11_test_cancel reaches "a waiter handed a slot, cancelled before it runs" only by asking
# woken() of each waiter right after `await pool.checkin()` returns (and defaults to the first
# waiter when none is woken); every other cancellation in it is planned at a suspension, before
# any hand-over. A pool that hands the slot over one loop callback after checkin() returns is
# never caught in that moment, though it loses the slot there exactly as the baseline does.
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
                # BUG: a slot handed over (fut resolved) to a checkout cancelled before it
                # runs again is lost: only a still-pending waiter is taken off the queue.
                if fut in self._waiters:
                    self._waiters.remove(fut)
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
        # The trick: the slot is handed over one loop callback later, so a test that asks
        # woken() right after checkin() returns finds no waiter woken yet, and cancels one that
        # was never handed anything. The bug (a slot handed to a checkout cancelled before it
        # runs is lost) is still there, one callback later.
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
