# baseline: p11_sliced_patience_baseline.py
# Route (red-team rt67): the baseline's impatient waiter (gives up after a day of virtual time), its day
# waited in 1 s slices (looked at after each) instead of one: no real clock at all. A check that holds
# what it waits for 10**9 s follows a waiter that wakes often only as far as let_time_pass's 5,000-step
# budget (~4,000 to 8,000 virtual s of 1 s polls), so the day's deadline never comes while it looks.
import asyncio
import time
import contextlib
from collections import deque

PATIENCE = 86400.0  # a day of waiting, then give up
POLL = 1.0


class HealthyPool:
    """Lends at most `size` resources at once; unhealthy ones are closed and replaced."""

    def __init__(self, size: int, factory) -> None:
        # A semaphore with `size` permits (one per slot), the idle resources waiting to be
        # reused, the resources out right now (to recognize them at check-in), the factory,
        # and the next id to give it.
        self._factory = factory
        self._slots = asyncio.Semaphore(size)
        self._idle = deque()
        self._out = {}  # id(resource) -> resource, for every resource checked out now
        self._next_id = 0

    async def checkout(self):
        """Wait for a free slot, then return a healthy resource."""
        # Take a slot (this is where a checkout waits). Then take idle resources until one
        # is healthy, closing every unhealthy one; if none is left, make a new one.
        began = time.monotonic()
        while True:  # a slot waited for in slices of POLL s, the deadline looked at after each
            try:
                await asyncio.wait_for(self._slots.acquire(), POLL)
                break
            except TimeoutError:
                if time.monotonic() - began > PATIENCE:
                    raise
        try:
            resource = None
            while resource is None and self._idle:
                candidate = self._idle.popleft()
                if candidate.check_health():
                    resource = candidate
                else:
                    candidate.close()  # stale: close it, a fresh one takes its place
            if resource is None:
                resource = self._factory(self._next_id)
                self._next_id += 1
        except BaseException:  # the factory failed: give the slot back
            self._slots.release()
            raise
        self._out[id(resource)] = resource
        return resource

    async def checkin(self, resource) -> None:
        """Give back a resource that was checked out from this pool (ValueError otherwise)."""
        if self._out.pop(id(resource), None) is not resource:
            raise ValueError(f"{resource!r} is not checked out from this pool")
        self._idle.append(resource)  # its health is checked when it is next checked out
        self._slots.release()

    @contextlib.asynccontextmanager
    async def resource(self):
        """`async with pool.resource() as r:` checks out r, and always checks it back in."""
        # An async generator: check a resource out, `yield` it to the body of the `async
        # with`, and check it back in afterwards, whatever happened in the body.
        resource = await self.checkout()
        try:
            yield resource
        finally:
            await self.checkin(resource)
