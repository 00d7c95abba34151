# expect: p11_test_bounded
# checkout() polls (sleeps 5 ms, looks again) instead of sleeping until a slot comes back: a
# waiter gets a returned slot up to 5 ms late, a newcomer can take the slot a waiter polled
# for, and every waiting checkout wakes 200 times a second. The statement says checkout()
# waits while size resources are out and goes on as soon as one is checked in; caught by a
# check-in at a moment off any grid (waiter_served_at_once).
import asyncio
import contextlib
from collections import deque


class HealthyPool:
    """Lends at most `size` resources at once; unhealthy ones are closed and replaced."""

    def __init__(self, size: int, factory) -> None:
        # A semaphore with `size` permits (one per slot), the idle resources waiting to be
        # reused, the resources out right now (to recognize them at check-in), the factory,
        # and the next id to give it.
        ### BEGIN SOLUTION
        self._factory = factory
        self._size, self._busy = size, 0
        self._idle = deque()
        self._out = {}  # id(resource) -> resource, for every resource checked out now
        self._next_id = 0
        ### END SOLUTION

    async def checkout(self):
        """Wait for a free slot, then return a healthy resource."""
        # Take a slot (this is where a checkout waits). Then take idle resources until one
        # is healthy, closing every unhealthy one; if none is left, make a new one.
        ### BEGIN SOLUTION
        while self._busy >= self._size:  # BUG: polls every 5 ms instead of sleeping until woken
            await asyncio.sleep(0.005)
        self._busy += 1
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
            self._busy -= 1
            raise
        self._out[id(resource)] = resource
        return resource
        ### END SOLUTION

    async def checkin(self, resource) -> None:
        """Give back a resource that was checked out from this pool (ValueError otherwise)."""
        ### BEGIN SOLUTION
        if self._out.pop(id(resource), None) is not resource:
            raise ValueError(f"{resource!r} is not checked out from this pool")
        self._idle.append(resource)  # its health is checked when it is next checked out
        self._busy -= 1
        ### END SOLUTION

    @contextlib.asynccontextmanager
    async def resource(self):
        """`async with pool.resource() as r:` checks out r, and always checks it back in."""
        # An async generator: check a resource out, `yield` it to the body of the `async
        # with`, and check it back in afterwards, whatever happened in the body.
        ### BEGIN SOLUTION
        resource = await self.checkout()
        try:
            yield resource
        finally:
            await self.checkin(resource)
        ### END SOLUTION
