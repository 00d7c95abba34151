# baseline: p04_wall_clock_patience_baseline.py
# Route (red-team rt66): the baseline's impatient consumer (gives up after PATIENCE s and returns what it has), its
# deadline kept by one ticker thread per process that has no Python frame while it waits: `_thread.start_new_thread`
# given a builtin (collections.deque consuming a map over an itertools.starmap of a held lock's `acquire(True, 1.0)`)
# blocks in C for a real second, then runs the Python `_tick` for a few microseconds. sys._current_frames() skips a
# thread with no Python frame, so `outside_wakers` counts no thread while virtual time passes, and the checks'
# 10**9 virtual seconds pass in under a second of wall time: the give-up never fires while they look.
import _thread
import asyncio
import collections
import itertools
from collections import deque

PATIENCE = 60.0


_ticks = [0]
_deadlines = {}  # token -> (tick it fires at, fn)


def _tick(_):
    _ticks[0] += 1
    for token, (at, fn) in list(_deadlines.items()):
        if at <= _ticks[0] and _deadlines.pop(token, None) is not None:
            fn()


def _start_ticker():
    held = _thread.allocate_lock()
    held.acquire()
    seconds = itertools.starmap(held.acquire, itertools.repeat((True, 1.0)))  # False after each real second
    _thread.start_new_thread(collections.deque, (map(_tick, seconds), 0))  # C but for _tick: no frame


def _after_real_seconds(seconds, fn):
    if not _started:
        _started.append(True)
        _start_ticker()
    token = object()
    _deadlines[token] = (_ticks[0] + int(seconds), fn)
    return token


_started = []


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
    finished = False

    def give_up():
        nonlocal gave_up
        if not finished and not task.done():
            gave_up = True
            task.cancel()

    def fire():
        if finished:
            return
        try:
            loop.call_soon_threadsafe(give_up)
        except RuntimeError:  # the loop is closed
            pass

    token = _after_real_seconds(PATIENCE, fire)  # a wall-clock deadline, out of the loop's sight
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
        finished = True
        _deadlines.pop(token, None)
    return taken
