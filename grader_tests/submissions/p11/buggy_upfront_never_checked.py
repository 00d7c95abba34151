# expect: p11_test_healthy
# Makes its `size` resources in __init__ (allowed) and lends one never lent yet without check_health():
# only resources that came back are checked. A new pool left unused past the resources' lifetime hands
# out dead ones. Buggy: checkout() "returns a healthy resource: an idle one that passes check_health()";
# a resource made up front is idle too. 20/20 before (every check used a new pool at once), 16/20 now
# (p11_test_healthy's idle_for_ages lets a new pool sit idle for ages before its first checkout).
# found by red-team pass 39 (finding p11_upfront_never_checked)
import asyncio
import contextlib
from collections import deque


class HealthyPool:
    def __init__(self, size: int, factory) -> None:
        self._factory = factory
        self._next_id = size
        self._fresh = deque(factory(i) for i in range(size))  # made up front, never lent yet
        self._idle = deque()
        self._slots = asyncio.Semaphore(size)
        self._out = {}

    async def checkout(self):
        await self._slots.acquire()
        try:
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
