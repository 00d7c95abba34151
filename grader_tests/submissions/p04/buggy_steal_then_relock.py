# expect: p04_test_each_once
# In the producer and in the consumer: `try: await condition.acquire() ... finally: condition.release()`, and then
# acquire() AGAIN when the acquire() was cancelled, "to put the lock back": a task cancelled while it WAITS for the
# condition's lock releases the lock another task holds (asyncio's locks have no owner), so a task waiting behind it
# enters the critical section beside the holder; acquiring the lock again afterwards does not undo that, it only
# makes the task's releases and acquires equal in number (what p04_test_each_once counted before). The producer and
# consumer sweeps now replay the condition's lock events in order and require that no task releases the lock while
# another holds it. Found by red-team pass 40 (/work/atkW/findings/p04_steal_then_relock.py: 15/15 before, fair
# 12/15).
import asyncio


async def producer(queue, condition, items):
    for item in items:
        got = False
        try:
            await condition.acquire()
            got = True
            queue.append(item)
            condition.notify()
        finally:
            condition.release()              # BUG: also when acquire() was cancelled (not ours)
            if not got:
                await condition.acquire()    # "put it back": the counts match, the steal stays


async def consumer(queue, condition, n):
    taken = []
    for _ in range(n):
        got = False
        try:
            await condition.acquire()
            got = True
            while not queue:
                await condition.wait()
            taken.append(queue.popleft())
        finally:
            condition.release()              # BUG: also when acquire() was cancelled (not ours)
            if not got:
                await condition.acquire()
    return taken
