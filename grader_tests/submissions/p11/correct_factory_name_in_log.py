# expect: full marks
# Red-team pass 36, a correct solution graded unfairly before: P11: a correct pool that logs the factory's name when it opens a resource loses every point.
# Scored before the fix: 0/20 (every cell: "AttributeError: 'ResourceFactory' object has no attribute '__name__'").
# Fair score: 20/20.
# The reference solution plus one debug log line in checkout():
#     log.debug("%s(%d) opened %r", self._factory.__name__, self._next_id, resource)
# Contract: CURRICULUM P11 "`factory(resource_id: int)` is a plain function that returns a new resource (the
# `Resource` class is one)"; the statement: "`factory(resource_id)` is a plain function". A plain function (or a
# class, as `Resource`, or the demo's `open_connection`) has __name__ / __qualname__; the factory every check
# hands over, sim.resources() (course/testing/_resources.py ResourceFactory, __slots__ = ("_books",)), is a
# callable object with neither. Same root cause as p08_fn_name_in_message.py (P08's fn is a TracedCalls): the
# checks' stand-ins for "a function" lack a function's standard attributes. A fix: give ResourceFactory (and
# TracedCalls) read-only __name__/__qualname__ (e.g. "factory"/"ResourceFactory.__call__"-style names).
import asyncio
import contextlib
import logging
from collections import deque

log = logging.getLogger("pool")


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
                log.debug("%s(%d) opened %r", self._factory.__name__, self._next_id, resource)
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
        
