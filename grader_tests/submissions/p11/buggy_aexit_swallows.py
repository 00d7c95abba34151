# expect: p11_test_all_free
# BUG: resource() is a class-based async context manager whose __aexit__ returns True ("handled"):
# the slot comes back, but every exception raised in the body, CancelledError included, is swallowed;
# a cancelled request runs on after its `async with`. From red-team pass 16: it had full marks
# (p11_test_all_free raised and cancelled inside the block but never looked at how the requests ended).
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

    def resource(self):
        """`async with pool.resource() as r:` checks out r, and always checks it back in."""
        return _Lease(self)


class _Lease:
    """The async context manager of pool.resource()."""

    def __init__(self, pool):
        self.pool = pool
        self.resource = None

    async def __aenter__(self):
        self.resource = await self.pool.checkout()
        return self.resource

    async def __aexit__(self, exc_type, exc, tb):
        await self.pool.checkin(self.resource)
        return True  # the resource is back in the pool: all handled
