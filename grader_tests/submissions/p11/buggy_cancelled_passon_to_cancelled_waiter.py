# expect: p11_test_cancel
# Near-miss of buggy_cancelled_handoff_to_next_in_line: a checkout woken with a slot and
# cancelled before it runs passes the slot to the first waiter in line not yet handed one (it
# skips woken waiters), but a waiter cancelled WHILE IT WAITS stays in line until its task runs:
# set_result() on its cancelled future raises InvalidStateError, the slot is lost, the woken
# checkout ends with InvalidStateError instead of CancelledError, and the checkout still waiting
# is never served. Size 1, three checkouts wait, the slot comes back to racer-1, racer-1 and
# racer-2 are cancelled together: racer-3 waits forever. Had 20/20 (no scenario cancelled a
# plainly waiting checkout in the same instant as a woken one); woken_checkouts_cancelled_together
# now also runs with one or two plainly waiting checkouts cancelled in that instant.
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

    def _pass_on(self):
        """A slot handed to a checkout that was cancelled before it ran: give it to the first
        one in line that has not been handed a slot yet."""
        for waiter in self._waiters:
            if waiter.done() and not waiter.cancelled():
                continue  # handed a slot already, not yet run
            waiter.set_result(None)  # (bug: a waiter cancelled while it waits is still in line)
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
                    self._pass_on()
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
