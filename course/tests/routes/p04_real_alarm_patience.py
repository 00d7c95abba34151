# baseline: p04_wall_clock_patience_baseline.py
# Route (red-team rt65; the wall-clock deadline of p04_wall_clock_patience without a thread): the baseline's
# impatient consumer (gives up after PATIENCE s and returns what it has), its deadline kept by the process's real
# interval timer (signal.setitimer(ITIMER_REAL), SIGALRM), outside virtual time: the checks' 10**9 virtual seconds
# of waiting pass in well under a second of wall time, so the alarm never rings while they look.
import asyncio
import signal
from collections import deque

PATIENCE = 60.0
_waiting = {}  # task -> give_up, for the consumers waiting now


def _ring(signum, frame):
    for give_up in list(_waiting.values()):
        give_up()


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

    _waiting[task] = lambda: loop.call_soon_threadsafe(give_up)
    signal.signal(signal.SIGALRM, _ring)
    signal.setitimer(signal.ITIMER_REAL, PATIENCE)  # a wall-clock deadline, out of the loop's sight
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
        _waiting.pop(task, None)
    return taken
