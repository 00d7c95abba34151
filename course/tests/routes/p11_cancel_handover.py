# baseline: p11_baseline.py
# Route (red-team pass atk59; trials that do not happen): p11_test_cancel meets "a checkout handed a slot, cancelled
# before it runs" in part 2 through cancel_when_woken (armed on the future the checkout awaits; it fires only if that
# future completes with a result: _cancellation.cancel_if_first_woken, _loop's cancel_when_done) and in parts 4 and 5
# through woken() asked right after the last checkin() returns. This pool is p11_baseline's, with the slot handed over
# one loop callback after checkin() (p11_late_handover's trick, for parts 4 and 5) by *cancelling* the waiter's future,
# which the waiter tells from a real cancellation by its task's cancelling() (for part 2: never armed). A real
# cancellation landing after the hand-over still loses the slot, as in the baseline.
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
        self._handed = set()  # waiters' futures cancelled to hand them a slot

    async def checkout(self):
        if self._free > 0 and not self._waiters:
            self._free -= 1
        else:
            fut = asyncio.get_running_loop().create_future()
            self._waiters.append(fut)
            try:
                await fut  # checkin hands its slot over by cancelling fut (see _hand_over)
            except asyncio.CancelledError:
                if fut in self._handed:
                    self._handed.discard(fut)
                    if asyncio.current_task().cancelling() == 0:
                        pass  # the slot handed over, not a cancellation: go on below
                    else:
                        raise  # BUG (the baseline's): a slot handed over, then a real cancellation: lost
                else:
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
                self._handed.add(fut)
                fut.cancel()  # woken by a cancelled future, not a result: cancel_when_woken stays unarmed
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
