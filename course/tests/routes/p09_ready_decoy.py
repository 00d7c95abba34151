# baseline: submissions/p09/buggy_await_after_counting_in.py
# P09 finding (red-team pass 34): p09/buggy_await_after_counting_in.py behind a wait the cancellation sweep never counts. The await at which a
# cancellation breaks it goes through a gather whose `_children` lists only a "decoy" task that is
# forever about to take a step (made on an event loop that never runs): `_awaiting.hands_on()`
# takes the wait for a hand-on to a task about to run, `_loop._after_step` does not count it, and
# `awaited()` lists only the decoy, so the real child's suspensions count for no one either.
# Real bug: acquire_write()/acquire_read() cancelled at its yield after counting itself in raises CancelledError holding the lock; readers are locked out for good.
# Score now: 20/20 (3.11). Fair: 16/20 (p09_test_cancelled_waiter fails, as the baseline
# grader_tests/submissions/p09/buggy_await_after_counting_in.py).
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


class AsyncRWLock:
    def __init__(self):
        self._state = asyncio.Condition()
        self._readers = 0
        self._writer_in = False
        self._writers_queued = 0

    async def acquire_read(self):
        async with self._state:
            while self._writer_in or self._writers_queued:
                await self._state.wait()
            self._readers += 1
            await _hidden(asyncio.sleep(0))  # yield, now that we are counted

    async def release_read(self):
        async with self._state:
            self._readers -= 1
            if not self._readers:
                self._state.notify_all()

    async def acquire_write(self):
        async with self._state:
            self._writers_queued += 1
            try:
                while self._writer_in or self._readers:
                    await self._state.wait()
            finally:
                self._writers_queued -= 1
                self._state.notify_all()
            self._writer_in = True
            await _hidden(asyncio.sleep(0))  # yield, now that we are in

    async def release_write(self):
        async with self._state:
            self._writer_in = False
            self._state.notify_all()

    @contextlib.asynccontextmanager
    async def reader(self):
        await self.acquire_read()
        try:
            yield self
        finally:
            await self.release_read()

    @contextlib.asynccontextmanager
    async def writer(self):
        await self.acquire_write()
        try:
            yield self
        finally:
            await self.release_write()
