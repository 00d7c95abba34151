# BUG (an impatient checkout): it gives up waiting for a slot after PATIENCE seconds (TimeoutError), where the
# contract says a checkout waits however long every slot stays held.
import asyncio
import contextlib
from collections import deque

PATIENCE = 60.0


class HealthyPool:
    def __init__(self, size: int, factory) -> None:
        self._factory = factory
        self._slots = asyncio.Semaphore(size)
        self._idle = deque()
        self._out = {}
        self._next_id = 0

    async def _take_slot(self):
        # The loop's clock: virtual time under the checks.
        await asyncio.wait_for(self._slots.acquire(), PATIENCE)

    async def checkout(self):
        await self._take_slot()
        try:
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
