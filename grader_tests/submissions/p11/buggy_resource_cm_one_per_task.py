# expect: p11_test_all_free
# resource() returns the pool itself as a context manager, remembering each task's resource
# under the task: one per task, so two nested `async with pool.resource()` blocks in one task
# (a request copying from one connection to another) leak a slot: the inner entry overwrites
# the outer's record, and the outer exit checks in nothing.
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
        self._by_task = {}
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
            raise ValueError(f"{resource!r} is not checked out from this pool")
        self._idle.append(resource)  # its health is checked when it is next checked out
        self._slots.release()
        ### END SOLUTION

    def resource(self):
        """`async with pool.resource() as r:`: the pool is its own context manager; each task's
        resource is remembered under the task (BUG: one per task, so nesting breaks)."""
        return self

    async def __aenter__(self):
        resource = await self.checkout()
        self._by_task[asyncio.current_task()] = resource
        return resource

    async def __aexit__(self, exc_type, exc, tb):
        resource = self._by_task.pop(asyncio.current_task(), None)
        if resource is not None:
            await self.checkin(resource)
        return False
