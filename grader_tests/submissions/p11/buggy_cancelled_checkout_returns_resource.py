# expect: p11_test_cancel
# A checkout handed a slot and cancelled before it runs keeps the slot and RETURNS a resource,
# swallowing its cancellation: no slot leaks (the caller is expected to check it in), but the
# caller that cancelled it (a request timeout, a shutdown) sees its checkout end normally and
# never checks the resource in: the slot is held by nobody. The statement says a cancelled
# checkout ends cancelled (asyncio.Semaphore.acquire does: it passes the permit on and raises
# CancelledError). Caught by woken_checkouts_cancelled_together's check that every checkout
# cancelled before it ended ends with CancelledError.
import asyncio
import contextlib
from collections import deque


class HealthyPool:
    def __init__(self, size: int, factory) -> None:
        self._factory = factory
        self._free = size
        self._waiters = deque()  # futures of waiting checkouts; each leaves when its task runs again
        self._idle = deque()
        self._out = {}
        self._next_id = 0

    def _hand_on(self):
        """A slot is free: hand it to the first waiting checkout, or count it free."""
        for waiter in self._waiters:
            if not waiter.done():
                waiter.set_result(None)
                return
        self._free += 1

    async def checkout(self):
        if self._free > 0 and not self._waiters:
            self._free -= 1
        else:
            waiter = asyncio.get_running_loop().create_future()
            self._waiters.append(waiter)
            try:
                await waiter
            except asyncio.CancelledError:
                if not (waiter.done() and not waiter.cancelled()):
                    raise
                # bug: handed a slot, it keeps it and swallows the cancellation
            finally:
                if waiter in self._waiters:
                    self._waiters.remove(waiter)
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
        self._out[id(resource)] = resource
        return resource

    async def checkin(self, resource) -> None:
        if self._out.pop(id(resource), None) is not resource:
            raise ValueError(f"{resource!r} is not checked out from this pool")
        self._idle.append(resource)
        self._hand_on()

    @contextlib.asynccontextmanager
    async def resource(self):
        resource = await self.checkout()
        try:
            yield resource
        finally:
            await self.checkin(resource)
