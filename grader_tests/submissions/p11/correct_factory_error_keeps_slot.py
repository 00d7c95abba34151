# expect: full marks
# A pool whose checkout() takes a slot and then calls factory(id) with no try/except: if the factory
# raised, the slot would never be given back. Correct by the contract: factory(resource_id) "is a plain
# function that returns a new resource"; neither the contract nor the statement says it may raise or
# what a pool then owes, and checks check only what the statement asks. (The reference gives the slot
# back, which is good practice, not a graded requirement.) 20/20 before and after.
# found by red-team pass 39 (finding p11_factory_error_leaks_slot)
import asyncio
import contextlib
from collections import deque


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
        await self._slots.acquire()
        resource = None
        while resource is None and self._idle:
            candidate = self._idle.popleft()
            if candidate.check_health():
                resource = candidate
            else:
                candidate.close()  # stale: close it, a fresh one takes its place
        if resource is None:
            resource = self._factory(self._next_id)  # BUG: if this raises, the slot taken above is never released
            self._next_id += 1
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
