# BUG (an impatient get()): it gives up after PATIENCE seconds on an empty queue and returns None, where the
# contract says it waits however long it takes.
import asyncio
import heapq
import itertools

PATIENCE = 60.0


class AsyncPriorityQueue:
    def __init__(self) -> None:
        self._heap = []
        self._sequence = itertools.count()
        self._changed = asyncio.Condition()

    async def put(self, priority, item) -> None:
        async with self._changed:
            heapq.heappush(self._heap, (priority, next(self._sequence), item))
            self._changed.notify()

    async def get(self):
        loop = asyncio.get_running_loop()
        task = asyncio.current_task()
        gave_up = False

        def give_up():
            nonlocal gave_up
            if not task.done():
                gave_up = True
                task.cancel()

        timer = loop.call_later(PATIENCE, give_up)  # the loop's clock: virtual time under the checks

        try:
            async with self._changed:
                try:
                    await self._changed.wait_for(lambda: len(self._heap) > 0)
                except asyncio.CancelledError:
                    if self._heap:
                        self._changed.notify()
                    raise
                return heapq.heappop(self._heap)[2]
        except asyncio.CancelledError:
            if gave_up:
                task.uncancel()
                return None
            raise
        finally:
            timer.cancel()

    def qsize(self) -> int:
        return len(self._heap)
