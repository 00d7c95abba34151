# baseline: p04_wall_clock_patience_baseline.py
# Route (red-team rt65): the baseline's impatient consumer (gives up after PATIENCE s and returns what it has), but
# its deadline is kept by a real OS timer thread (threading.Timer), outside virtual time: the checks' 10**9 virtual
# seconds of waiting pass in well under a second of wall time, so the give-up never fires while the checks look,
# where on a real clock the consumer gives up after a minute.
import asyncio
import threading
from collections import deque

PATIENCE = 60.0


async def producer(queue: deque, condition: asyncio.Condition, items: list) -> None:
    for item in items:
        async with condition:
            queue.append(item)
            condition.notify()


async def consumer(queue: deque, condition: asyncio.Condition, n: int) -> list:
    taken = []
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
        for _ in range(n):
            async with condition:
                await condition.wait_for(lambda: len(queue) > 0)
                taken.append(queue.popleft())
    except asyncio.CancelledError:
        if gave_up:
            task.uncancel()
            return taken
        raise
    finally:
        timer.cancel()
    return taken
