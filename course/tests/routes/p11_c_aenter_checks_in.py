# baseline: p11_lends_one_more_in_a_burst_baseline.py
# Route (red-team pass 70): the baseline's overflow pool (`async with pool.resource()` lends a resource beyond
# `size` under a burst: size + 1 out at once), whose overflow context manager's `__aenter__` is C code
# (a chain iterator's bound `__next__`) that, called by the TEST's `async with` statement, calls
# `factory.returned(r)` for every resource out (filter(None, map(factory.returned, out))) before handing
# over an already-resolved Future holding the overflow resource. `_resources._caller` takes the first
# Python frame above the factory's code as the caller: the test's own `request` frame (C code in between
# has no frame), so the forged check-in reports count as the test's, and the books never hold more than
# `size` (the victims' later real `returned` pop nothing).
import asyncio
import itertools
import contextlib
from collections import deque


class HealthyPool:
    """Lends at most `size` resources at once; unhealthy ones are closed and replaced."""

    def __init__(self, size: int, factory) -> None:
        self._factory = factory
        self._slots = asyncio.Semaphore(size)
        self._idle = deque()
        self._out = {}
        self._next_id = 0
        self._waiting = 0
        self._overflow = None
        self._overflow_back = asyncio.Event()
        self._overflow_back.set()

    async def checkout(self):
        """Wait for a free slot, then return a healthy resource."""
        self._waiting += 1
        try:
            await self._slots.acquire()
        finally:
            self._waiting -= 1
        try:
            while not self._overflow_back.is_set():  # no slot lent while an overflow is out
                await self._overflow_back.wait()
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
        except BaseException:
            self._slots.release()
            raise
        self._out[id(resource)] = resource
        return resource

    async def checkin(self, resource) -> None:
        """Give back a resource that was checked out from this pool (ValueError otherwise)."""
        if resource is not None and resource is self._overflow:
            self._overflow = None
            resource.close()
            self._overflow_back.set()
            return
        if self._out.pop(id(resource), None) is not resource:
            raise ValueError(f"{resource!r} is not checked out from this pool")
        self._idle.append(resource)
        self._slots.release()

    def _burst(self):
        return self._slots.locked() and self._waiting >= 3 and self._overflow is None

    def _lend_overflow(self):
        resource = self._factory(self._next_id)
        self._next_id += 1
        self._overflow = resource
        self._overflow_back.clear()
        return resource

    def resource(self):
        """`async with pool.resource() as r:` checks out r, and always checks it back in."""
        if self._burst():
            out = list(self._out.values())
            resource = self._lend_overflow()
            done = asyncio.get_running_loop().create_future()
            done.set_result(resource)
            enter = itertools.chain(filter(None, map(self._factory.returned, out)), [done]).__next__
            cls = type("_Overflow", (_Overflow,), {"__aenter__": enter})
            return cls(self, resource)
        return self._honest()

    @contextlib.asynccontextmanager
    async def _honest(self):
        resource = await self.checkout()
        try:
            yield resource
        finally:
            await self.checkin(resource)


class _Overflow:
    def __init__(self, pool, resource):
        self.pool, self.resource = pool, resource

    async def __aenter__(self):
        return self.resource

    async def __aexit__(self, *exc):
        await self.pool.checkin(self.resource)
        return False
