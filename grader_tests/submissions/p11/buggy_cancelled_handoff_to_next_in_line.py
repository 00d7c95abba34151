# expect: p11_test_cancel
# Slots are handed to waiting checkouts through futures of the pool's own; a waiter leaves the
# line when its task runs again. A checkout cancelled after a slot was handed to it passes the slot
# to the next in line, self._waiters[0], without asking whether that one still waits: right when a
# single woken checkout is cancelled, but when every slot comes back in the same instant and the
# checkouts woken for them are cancelled together (a batch of requests timing out), the next in line
# was handed a slot too: set_result() raises InvalidStateError in the cancelled checkout, the slot
# is lost, and the checkout still waiting is never served.
# Red-team pass 30, builder's own member of the kind (had 20/20: the pair in p11_test_cancel cancels
# one woken checkout only): caught by woken_checkouts_cancelled_together (p11_test_cancel).
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
                if waiter.done() and not waiter.cancelled():
                    self._waiters.remove(waiter)
                    if self._waiters:  # bug: the next in line may have been handed a slot too
                        self._waiters[0].set_result(None)  # the slot handed to us goes to the next in line
                    else:
                        self._free += 1
                raise
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
