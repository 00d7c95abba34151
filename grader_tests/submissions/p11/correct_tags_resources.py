# expect: full marks
# The reference, except that it recognises its own resources by an attribute it writes on them:
# checkout() sets `resource._lent_by = self`, checkin() refuses (ValueError) a resource whose
# `_lent_by` is not this pool, then clears it. Works with the notebook's Resource (strangers, another
# pool's resources and double check-ins are refused). Correct: the contract does not forbid writing
# on a resource, and the notebook's own Resource allows it; the checks' TrackedResource had __slots__
# without __dict__, so every check died on an AttributeError blamed on the student's code. 0/20 before,
# 20/20 now (TrackedResource has a __dict__ slot; no verdict reads an instance attribute).
# found by red-team pass 39 (finding p11_tags_resources)
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
        resource._lent_by = self  # mark it as lent by this pool
        return resource

    async def checkin(self, resource) -> None:
        """Give back a resource that was checked out from this pool (ValueError otherwise)."""
        if getattr(resource, "_lent_by", None) is not self:
            raise ValueError(f"{resource!r} is not checked out from this pool")
        resource._lent_by = None
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
