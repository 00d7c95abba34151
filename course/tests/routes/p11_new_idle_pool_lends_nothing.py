# baseline: submissions/p11/buggy_upfront_never_checked.py
# Route (a vacuous pass: health judged only on what was handed out): idle_for_ages (in p11_test_healthy) cancels the
# checkouts still waiting after 50 ms ("slots lost are p11_test_all_free's business") and judges the health of the
# resources handed out. The baseline (a resource made up front is lent without check_health()), except that a pool
# that has never lent anything and was made more than 1000 s ago makes every checkout wait for good: the new pool
# left idle for ages hands nothing out, so nothing dead, and every other check's pool lends soon after it is made.
import asyncio
import contextlib
import time
from collections import deque


class HealthyPool:
    def __init__(self, size: int, factory) -> None:
        self._factory = factory
        self._next_id = size
        self._fresh = deque(factory(i) for i in range(size))  # made up front, never lent yet
        self._idle = deque()
        self._slots = asyncio.Semaphore(size)
        self._out = {}
        self._born, self._lent = time.monotonic(), False  # the trick's record

    async def checkout(self):
        await self._slots.acquire()
        try:
            if not self._lent and time.monotonic() - self._born > 1000:
                await asyncio.Event().wait()  # the trick: a new pool idle for ages lends nothing
            if self._fresh:
                resource = self._fresh.popleft()  # BUG: never lent, so assumed healthy
            else:
                resource = None
                while resource is None and self._idle:
                    c = self._idle.popleft()
                    if c.check_health():
                        resource = c
                    else:
                        c.close()
                if resource is None:
                    resource = self._factory(self._next_id)
                    self._next_id += 1
        except BaseException:
            self._slots.release()
            raise
        self._out[id(resource)] = resource
        self._lent = True
        return resource

    async def checkin(self, resource) -> None:
        if self._out.pop(id(resource), None) is not resource:
            raise ValueError(f"{resource!r} is not checked out from this pool")
        self._idle.append(resource)
        self._slots.release()

    @contextlib.asynccontextmanager
    async def resource(self):
        r = await self.checkout()
        try:
            yield r
        finally:
            await self.checkin(r)
