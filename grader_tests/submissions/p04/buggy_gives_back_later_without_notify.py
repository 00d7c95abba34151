# expect: p04_test_each_once
# correct_gives_back_on_cancel.py, but when the consumer is cancelled while it waits for the condition's LOCK (at
# `async with condition:`, after taking some of its items) the task that gives the items back puts them at the left
# without notify(): a consumer already asleep on the condition is never woken although the deque holds an item (a
# lost wake-up). Given back while it waits on the condition, it notifies, so cancelled_after_first_item alone passes
# it; cancelled_for_the_lock_after_first_item (p04_test_each_once) cancels a consumer that took its first item
# while it waits for the lock another task holds, lets 0.1 s pass with nothing produced, and requires that no
# consumer still sleeps beside an item in the deque. Found by red-team pass 40 (a companion of
# buggy_gives_back_without_notify.py).
import asyncio


async def producer(queue, condition, items):
    for item in items:
        async with condition:
            queue.append(item)
            condition.notify()


async def consumer(queue, condition, n):
    taken = []
    given_back = False

    def give_back():
        nonlocal given_back
        queue.extendleft(reversed(taken))   # back at the left, in their order
        condition.notify(len(taken))
        given_back = True

    try:
        for _ in range(n):
            async with condition:
                try:
                    await condition.wait_for(lambda: len(queue) > 0)
                except asyncio.CancelledError:
                    if taken:
                        give_back()            # we hold the lock again here
                    raise
                taken.append(queue.popleft())
    except asyncio.CancelledError:
        if taken and not given_back:           # cancelled while waiting for the lock itself
            async def later():
                async with condition:
                    queue.extendleft(reversed(taken))   # BUG: back at the left, but no notify()
            asyncio.get_running_loop().create_task(later())
        raise
    return taken
