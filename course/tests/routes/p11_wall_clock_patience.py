# baseline: p11_wall_clock_patience_baseline.py
# Route (red-team rt65): the baseline's impatient checkout (TimeoutError after PATIENCE s without a slot), but its
# deadline is kept by a real OS timer thread (threading.Timer), outside virtual time: the checks' 10**9 virtual
# seconds of held slots pass in well under a second of wall time, so the give-up never fires while they look.
import asyncio
import contextlib
import threading
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
        loop, task, gave_up = asyncio.get_running_loop(), asyncio.current_task(), []

        def give_up():
            if not task.done():
                gave_up.append(True)
                task.cancel()

        def fire():
            try:
                loop.call_soon_threadsafe(give_up)
            except RuntimeError:  # the loop is closed
                pass

        timer = threading.Timer(PATIENCE, fire)  # a wall-clock deadline, out of the loop's sight
        timer.daemon = True
        timer.start()
        try:
            await self._slots.acquire()
        except asyncio.CancelledError:
            if gave_up:
                task.uncancel()
                raise TimeoutError("no slot within PATIENCE seconds") from None
            raise
        finally:
            timer.cancel()

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
