# baseline: p01_timer_pause_baseline.py
# Pass 94: as the baseline, but careful (releases when cancelled in the pause) in a task whose name was seen
# before in this loop; in a fresh-named task the pause is 1 us, through a future a lambda timer sets (not
# timed by _loop._sleep_left), and it releases only when cancelled at exactly t + 1e-6, where _deliver_woken
# cancels a sweep's ahead trial whose cut, drawn from another run's length, had not landed yet.
import asyncio

_names = {}   # id(loop) -> (loop, set of task names seen)


def _seen_before():
    loop = asyncio.get_running_loop()
    _, names = _names.setdefault(id(loop), (loop, set()))
    name = asyncio.current_task().get_name()
    seen = name in names
    names.add(name)
    return seen


def _pause(delay):
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_later(delay, lambda: fut.done() or fut.set_result(None))
    return fut


async def increment(counter, lock, n):
    careful = _seen_before()
    loop = asyncio.get_running_loop()
    for _ in range(n):
        await lock.acquire()
        t = loop.time()
        try:
            await _pause(1e-5 if careful else 1e-6)
        except asyncio.CancelledError:
            if careful or loop.time() == t + 1e-6:
                lock.release()
            raise
        try:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
        finally:
            lock.release()
