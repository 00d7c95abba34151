# expect: p04_test_each_once
# A consumer cancelled after taking some of its items puts them back at the LEFT of the deque, oldest first (as
# correct_gives_back_on_cancel.py does), but never calls notify(): a consumer already asleep on the condition is
# not woken although the deque now holds an item (a lost wake-up; the contract: a consumer waits on the condition
# only while the deque is empty). In cancelled_after_first_item the test's producer notified twice more
# afterwards, which hid it; now nothing is produced for 0.1 s after the cancellation, and a consumer still asleep
# beside an item in the deque fails. Found by red-team pass 40
# (/work/atkW/findings/p04_gives_back_without_notify.py: 15/15 before, fair 12/15).
import asyncio


async def producer(queue, condition, items):
    for item in items:
        async with condition:
            queue.append(item)
            condition.notify()


async def consumer(queue, condition, n):
    taken = []
    try:
        for _ in range(n):
            async with condition:
                await condition.wait_for(lambda: len(queue) > 0)
                taken.append(queue.popleft())
    except asyncio.CancelledError:
        queue.extendleft(reversed(taken))   # give them back, oldest first...
        raise                               # BUG: ...but no notify(): a waiting consumer is never told
    return taken
