# baseline: submissions/p01/buggy_await_never_suspends.py
# Finding (red-team pass 45, by the walk of everything a solution reaches without frames or gc):
# the runner's watchdog thread is listed by threading.enumerate(), and a Thread keeps its
# arguments (`_args`) while it runs: the `_Watch` it watches, whose progress reader was a lambda
# over the run's ledger, in a closure cell. With the ledger, count a suspension the update never
# made (the ledger's own count, which the trace's reads and writes are stamped with), and an
# update that never suspends between its read and its write passes "each update awaits".
# Score before the fix: p01_test_awaits_io 1 point (baseline 0). Fair: 0.
import asyncio
import threading


def _the_ledger():
    for thread in threading.enumerate():
        if thread.name == "course-watchdog":
            reader = thread._args[0].progress.steps
            for cell in getattr(reader, "__closure__", None) or ():
                if hasattr(cell.cell_contents, "suspensions"):
                    return cell.cell_contents
    return None


async def log_update(value):
    return value + 1


async def increment(counter, lock, n):
    for _ in range(n):
        async with lock:
            current = counter[0]
            new = await log_update(current)
            ledger = _the_ledger()
            if ledger is not None:
                ledger.suspensions[object.__hash__(asyncio.current_task())] += 1
            counter[0] = new
