# (not a route: the honest baseline of p11_test_fn_reads_plan.py)
# derived from submissions/p11/buggy_pings_after_taking_slot.py
# Baseline of p11_test_fn_reads_plan.py: the same pool, with the same extra `await asyncio.sleep(0)` at the
# start of checkout(), without the trick (always pings).
import asyncio
import contextlib


class HealthyPool:
    def __init__(self, size, factory):
        self._factory = factory
        self._slots = asyncio.Semaphore(size)
        self._idle = []
        self._lent = set()
        self._ids = iter(range(1, 10**9))

    async def _ping(self, resource):
        await asyncio.sleep(0)  # a round-trip to the server, instant here
        return resource.check_health()

    async def checkout(self):
        await asyncio.sleep(0)
        await self._slots.acquire()
        while True:
            resource = self._idle.pop() if self._idle else self._factory(next(self._ids))
            if await self._ping(resource):  # cancelled here: the slot never comes back
                break
            resource.close()
        self._lent.add(id(resource))
        return resource

    async def checkin(self, resource):
        if id(resource) not in self._lent:
            raise ValueError(f"{resource!r} was not lent by this pool")
        self._lent.discard(id(resource))
        self._idle.append(resource)
        self._slots.release()

    @contextlib.asynccontextmanager
    async def resource(self):
        resource = await self.checkout()
        try:
            yield resource
        finally:
            await self.checkin(resource)
