# BUG (pass 70 baseline of p11_c_aenter_checks_in.py): `async with pool.resource()` lends an "overflow"
# resource beyond `size` at once when all slots are out and 3 or more checkouts already wait (a burst);
# meanwhile (while the overflow is out) plain checkouts hold back. So size + 1 resources are out at once.
import asyncio
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
            return _Overflow(self, self._lend_overflow())
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
