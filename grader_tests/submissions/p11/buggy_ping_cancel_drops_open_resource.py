# expect: p11_test_cancel
# Found by red-team pass 40 (attacker V): check_health() runs in asyncio.to_thread (a style the course accepts,
# correct_health_check_in_thread.py), but a checkout cancelled during the ping gives its slot back and neither
# puts back nor closes the idle resource it popped: a pool of size 1 ends with 2 open connections, one more for
# each such cancellation (a database's connection limit runs out although never more than `size` are out).
# Scored 20/20 before: no check required that every resource the factory made is idle in the pool, out, or
# closed after a cancellation. Now p11_test_cancel (cancelled_anywhere_in_checkout, cancelled_on_every_path)
# requires, with nothing out, at most `size` open resources after each cut.
import asyncio
import contextlib
from collections import deque


class HealthyPool:
    """Reference pool, but check_health() (a network ping in real life) runs in a worker thread
    so a slow ping never blocks the event loop."""

    def __init__(self, size: int, factory) -> None:
        self._factory = factory
        self._slots = asyncio.Semaphore(size)
        self._idle = deque()
        self._out = {}
        self._next_id = 0

    async def checkout(self):
        await self._slots.acquire()
        try:
            resource = None
            while resource is None and self._idle:
                candidate = self._idle.popleft()
                try:
                    healthy = await asyncio.to_thread(candidate.check_health)
                except BaseException:
                    raise  # BUG: the candidate popped from idle is dropped, open
                if healthy:
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
        if self._out.pop(id(resource), None) is not resource:
            raise ValueError(f"{resource!r} is not checked out from this pool")
        self._idle.append(resource)
        self._slots.release()

    @contextlib.asynccontextmanager
    async def resource(self):
        resource = await self.checkout()
        try:
            yield resource
        finally:
            await self.checkin(resource)
