# expect: p01_test_exclusive p01_test_release_on_error
# Red-team finding (atkA, P01): the take-aways' named bug (acquire() inside the try) in an update run
# in a task of its own that increment() awaits. It had 10/10: the sweep cancelled the caller before the
# child had run a step. Cancellations now reach the tasks a call awaits (VirtualTimeLoop.cancel_at).
import asyncio


async def _one_update(counter, lock):
    try:
        await lock.acquire()          # wrong place: inside the try
        current = counter[0]
        await simulated_io()
        counter[0] = current + 1
    finally:
        lock.release()                # runs even when acquire() never returned


async def increment(counter, lock, n):
    for _ in range(n):
        await asyncio.create_task(_one_update(counter, lock))
