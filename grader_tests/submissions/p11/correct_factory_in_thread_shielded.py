# expect: full marks
# A pool that runs both blocking calls in worker threads: factory() (opening a connection) and check_health()
# (a ping), each through asyncio.to_thread, and is cancellation-safe at both awaits. Cancelled during the ping,
# a checkout puts the candidate back (unjudged) and gives its slot back; cancelled while a new resource is
# being made, it gives its slot back, and the thread's result (shielded from the cancellation) goes into the
# idle deque when it arrives: nothing is dropped open. The kind of pool red-team pass 40's checks
# (p11_test_cancel's cancelled_on_every_path) must keep at full marks.
import asyncio
import contextlib
from collections import deque


class HealthyPool:
    def __init__(self, size: int, factory) -> None:
        self._factory = factory
        self._slots = asyncio.Semaphore(size)
        self._idle = deque()
        self._out = {}
        self._next_id = 0

    def _keep_late(self, making: asyncio.Future) -> None:
        """The thread finished after its checkout was cancelled: keep what it made, idle."""
        if not making.cancelled() and making.exception() is None:
            self._idle.append(making.result())

    async def checkout(self):
        await self._slots.acquire()
        try:
            resource = None
            while resource is None and self._idle:
                candidate = self._idle.popleft()
                try:
                    healthy = await asyncio.to_thread(candidate.check_health)
                except BaseException:
                    self._idle.appendleft(candidate)  # cancelled during the ping: put it back
                    raise
                if healthy:
                    resource = candidate
                else:
                    candidate.close()
            if resource is None:
                making = asyncio.ensure_future(asyncio.to_thread(self._factory, self._next_id))
                self._next_id += 1
                try:
                    resource = await asyncio.shield(making)
                except asyncio.CancelledError:
                    making.add_done_callback(self._keep_late)
                    raise
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
