# baseline: p03_blocking_work_baseline.py
# `time.sleep` in a check process refuses only while the calling thread's id is a key of
# `course.testing._isolation._virtual_clocks` (a module-level dict the guard does not look into):
# take this thread out of it around the blocking call, and the real time.sleep runs (10 ms of
# wall time, no virtual time): the blocked loop goes unseen.
import asyncio
import sys
import threading
import time

_clocks = sys.modules["course.testing._isolation"]._virtual_clocks


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    await ready.wait()
    clock = _clocks.pop(threading.get_ident(), None)
    try:
        time.sleep(0.01)  # BUG: the work blocks the event loop (every other task waits meanwhile)
    finally:
        if clock is not None:
            _clocks[threading.get_ident()] = clock
