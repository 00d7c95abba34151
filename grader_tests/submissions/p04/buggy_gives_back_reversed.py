# expect: p04_test_each_once
# A consumer cancelled after it has taken some of its n items gives them back at the LEFT, but one by one in the
# order it took them (`for item in taken: queue.appendleft(item)`): the last taken ends up leftmost, so with two
# or more given back their order is reversed and "order kept" is broken. The order sweep of p04_test_each_once
# (a consumer of 3 cut at each suspension point, also after it took 2 items with later ones queued) reads the
# deque afterwards, which must be in production order. Found by red-team pass 40 (15/15 before).
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
        for item in taken:
            queue.appendleft(item)   # BUG: the last taken ends leftmost: reversed
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
