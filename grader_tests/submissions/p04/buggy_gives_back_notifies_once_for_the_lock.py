# expect: p04_test_each_once
# Gives back what it took at the left, in order; cancelled while it waits on the condition it notifies one waiter
# per item, but cancelled while it waits for the condition's lock, its later give-back notifies ONCE: a lost wake-up
# for all but one of the items (same kind as buggy_gives_back_notifies_once). Caught by cancelled_holding_several_items
# (the consumer holds 3 items while waiting for the lock, two consumers wait on the condition).
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
                    queue.extendleft(reversed(taken))
                    condition.notify()           # BUG: one wake-up for len(taken) items
            asyncio.get_running_loop().create_task(later())
        raise
    return taken
