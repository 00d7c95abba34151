# baseline: submissions/p11/buggy_pings_after_taking_slot.py
# P11 finding (red-team pass 34): p11/buggy_pings_after_taking_slot.py behind a wait the cancellation sweep never counts. The await at which a
# cancellation breaks it goes through a gather whose `_children` lists only a "decoy" task that is
# forever about to take a step (made on an event loop that never runs): `_awaiting.hands_on()`
# takes the wait for a hand-on to a task about to run, `_loop._after_step` does not count it, and
# `awaited()` lists only the decoy, so the real child's suspensions count for no one either.
# Real bug: checkout() cancelled during its ping keeps the slot: a pool of 1 never lends again.
# Score now: 20/20 (3.11). Fair: 16/20 (p11_test_cancel fails, as the baseline
# grader_tests/submissions/p11/buggy_pings_after_taking_slot.py).
import asyncio

# A task forever "about to take a step": made on an event loop that never runs. A gather
# whose _children lists it makes the harness take the wait for "handing on to a task about
# to run" (_awaiting.hands_on), so the cancellation sweep never counts it as a point.
_idle_loop = asyncio.new_event_loop()


async def _never():
    pass


_decoy = _idle_loop.create_task(_never())


async def _hidden(awaitable):
    """`await awaitable`, through a gather the cancellation sweep does not see."""
    wait = asyncio.gather(awaitable)
    wait._children = [_decoy]
    return (await wait)[0]

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
        await self._slots.acquire()
        while True:
            resource = self._idle.pop() if self._idle else self._factory(next(self._ids))
            if await _hidden(self._ping(resource)):  # cancelled here: the slot never comes back
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
