# expect: full marks
# Fairness test of red-team pass 78, a correct solution graded unfairly before: P11: a correct pool that pings
# in an executor of its own, through `asyncio.wrap_future(executor.submit(...))`, loses every point.
# Scored before the fix: 0/20 (five cells: "WaitsOutsideTheLoop: ... 1 thread(s) your code started (still
# running) could wake a task from outside the event loop"; p11_test_visible: "CheckFailed: your code changed what
# the checks run on"). Fair score: 20/20. The pool is the reference, except that check_health() runs on the pool's
# own one-thread ThreadPoolExecutor (the way `loop.run_in_executor(executor, ...)` was already graded).
import asyncio
import concurrent.futures
import contextlib
from collections import deque


class HealthyPool:
    """Reference-like pool; health pings run on the pool's own worker thread."""

    def __init__(self, size: int, factory) -> None:
        self._factory = factory
        self._slots = asyncio.Semaphore(size)
        self._idle = deque()
        self._out = {}
        self._next_id = 0
        self._pinger = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="ping")

    async def checkout(self):
        await self._slots.acquire()
        try:
            resource = None
            while resource is None and self._idle:
                candidate = self._idle.popleft()
                try:
                    healthy = await asyncio.wrap_future(self._pinger.submit(candidate.check_health))
                except BaseException:
                    self._idle.appendleft(candidate)
                    raise
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
