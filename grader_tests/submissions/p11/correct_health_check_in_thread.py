# expect: full marks
# Red-team pass 36, a correct solution graded unfairly before: P11: a correct pool that runs check_health() in a worker thread loses every point.
# Scored before the fix: 0/20 (every cell: "RuntimeError: run_in_executor / asyncio.to_thread is not available in these
# checks: the patterns in this course need no threads"). Fair score: 20/20.
# The pool is the reference, except that check_health() (a network ping in a real pool) runs through
# `await asyncio.to_thread(candidate.check_health)`, which the notebook's own closing section teaches
# ("Blocking calls go to a thread ... Run it with `await asyncio.to_thread(fn, *args)`"), and a checkout
# cancelled during the ping puts the candidate back and gives its slot back.
# Contract lines kept: CURRICULUM "check_health() and close() are plain methods" (nothing says where they
# run); "Fair: any correct solution earns every point, whatever its style"; "a solution written from this
# page alone, in any correct style, earns every point". The check loop (course/testing/_loop.py
# run_in_executor) refuses every executor call instead of, say, running `func` inline on the loop thread
# and returning a done future (zero virtual time), which would also keep the ledger on the loop's thread.
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
                    self._idle.appendleft(candidate)  # cancelled during the ping: put it back, unjudged
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
