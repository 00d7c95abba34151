# expect: p11_test_bounded
# Broken promise: "checkout() waits ... and goes on the moment one is checked in (asleep until
# then: it does not poll)". This checkout sleeps on a semaphore only for its first 50 ms; a
# checkout that has waited longer switches to polling every 5 ms, so after a long wait it wakes 200
# times a second and gets a checked-in slot up to 5 ms late (and a newcomer can take the slot it
# polled for). Promptness used to be timed only on waits of 20 ms at most; caught by
# waiters_wait_for_ages (p11_test_bounded): after the slots were held 10**9 s (the poller's steps
# end that sooner), they come back at moments off any grid of polls and every waiting checkout must
# get one at the very moment of a check-in.
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

    async def _take_slot(self):
        try:
            await asyncio.wait_for(self._slots.acquire(), 0.05)
            return
        except asyncio.TimeoutError:
            pass
        while True:  # waited long: look again now and then
            if not self._slots.locked():
                await self._slots.acquire()
                return
            await asyncio.sleep(0.005)

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
