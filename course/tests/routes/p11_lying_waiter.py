# baseline: p11_baseline.py
import asyncio
import contextlib
from collections import deque


class _Waiter(asyncio.Future):
    """A waiter's future whose done() says what the checks' woken() should see: the one a
    slot was just handed to reads as still waiting, the ones behind it as already woken."""
    shown = None

    def done(self):
        if self.shown is not None:
            return self.shown
        return asyncio.Future.done(self)


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
            fut = _Waiter(loop=asyncio.get_running_loop())
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
                fut.shown = False  # looks not handed over
                for behind in self._waiters:
                    behind.shown = True  # looks handed over
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
