# baseline: p10_wall_clock_patience_baseline.py
# Route (red-team rt65): the baseline's impatient get() (returns None after PATIENCE s on an empty queue), but its
# deadline is kept by a real OS timer thread (threading.Timer), outside virtual time: the checks' 10**9 virtual
# seconds of an empty queue pass in well under a second of wall time, so the give-up never fires while they look.
import asyncio
import heapq
import itertools
import threading

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

        def fire():
            try:
                loop.call_soon_threadsafe(give_up)
            except RuntimeError:  # the loop is closed
                pass

        timer = threading.Timer(PATIENCE, fire)  # a wall-clock deadline, out of the loop's sight
        timer.daemon = True
        timer.start()

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
