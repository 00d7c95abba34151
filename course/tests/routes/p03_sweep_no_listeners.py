# baseline: submissions/p03/buggy_sets_in_finally.py
# The baseline's bug (signals in a `finally`, so a startup cut short by a deadline still lets the workers in), kept
# whenever other tasks than the caller's and the initializer run (workers waiting, say). A cancellation sweep's trial
# spawns the initializer alone (two tasks in the loop: the test's and it): there a startup cut short sends no signal,
# and the sweep passes. In a real program (workers waiting, as in the demo) a startup deadline still lets them in early.
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    done = False
    try:
        await asyncio.sleep(0.02)   # the startup
        done = True
    finally:
        if done or len(asyncio.all_tasks()) > 2:  # other tasks than the caller's and this one: maybe waiters
            ready.set()


async def worker(ready: asyncio.Event) -> None:
    await ready.wait()
    await asyncio.sleep(0.01)
