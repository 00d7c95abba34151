# expect: p11_test_foreign
# A refused check-in closes the stranger: checkin() of a resource not out from this pool
# raises ValueError, as it must, but first calls resource.close(), so a connection of another
# pool, still out and in use there (or one made elsewhere by the same factory), is closed by a
# pool that does not own it. Had 20/20 (foreign_checkin_refused said "changes nothing" and never
# asked whether the strangers were closed); now foreign_checkin_refused requires every refused
# resource, and every resource the pool lent, still open after the refusals.
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
        self._slots = asyncio.Semaphore(size)
        self._idle = deque()
        self._out = {}  # id(resource) -> resource, for every resource checked out now
        self._next_id = 0
        ### END SOLUTION

    async def checkout(self):
        """Wait for a free slot, then return a healthy resource."""
        # Take a slot (this is where a checkout waits). Then take idle resources until one
        # is healthy, closing every unhealthy one; if none is left, make a new one.
        ### BEGIN SOLUTION
        await self._slots.acquire()
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
        ### END SOLUTION

    async def checkin(self, resource) -> None:
        """Give back a resource that was checked out from this pool (ValueError otherwise)."""
        ### BEGIN SOLUTION
        if self._out.pop(id(resource), None) is not resource:
            resource.close()  # a connection that does not belong here: close it so it cannot leak
            raise ValueError(f"{resource!r} is not checked out from this pool")
        self._idle.append(resource)  # its health is checked when it is next checked out
        self._slots.release()
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