# expect: full marks
# Red-team pass 20: waits for an item through asyncio.wait_for with a timeout no run reaches
# (10**12 s): in effect no deadline. On Python 3.11, wait_for runs get() in a task of its own,
# and a cancellation that comes as that get() finishes is swallowed by wait_for itself (CPython
# gh-86296, fixed in 3.12, where wait_for is built on asyncio.timeout): check processes on 3.11
# run 3.12's wait_for (course.testing._sealed.wait_for), so it scores the same on every Python.
import asyncio


async def producer(queue, n):
    for item in range(n):
        await queue.put(item)


async def consumer(queue, results):
    while True:
        item = await asyncio.wait_for(queue.get(), timeout=10**12)
        await asyncio.sleep(0.005)
        results.append(item)
        queue.task_done()
