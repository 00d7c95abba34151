# expect: full marks
# A consumer cancelled after it has taken some of its n items gives them back: at the LEFT of the deque, in their
# order (they are still the oldest), notifying one waiter per item, and ends cancelled with the lock left free.
# Correct: the contract asks that "with several consumers every item is taken exactly once" and "order kept";
# the cancelled consumer never returns, so no caller ever got the item it gives back, and another consumer then
# takes it once, oldest first. The reference loses that item instead; both are accepted. cancelled_after_first_item
# (p04_test_each_once) now requires of the others: 1 item each, no item twice, nothing produced after the
# cancellation lost, the items taken older than any left in the deque (the cancelled consumer's item may be lost
# or given back). Found by red-team pass 40.
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
                    give_back()
            asyncio.get_running_loop().create_task(later())
        raise
    return taken
