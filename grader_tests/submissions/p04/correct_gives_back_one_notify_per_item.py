# expect: full marks
# As correct_gives_back_on_cancel, but calls notify() once per item given back (a loop): the same as
# notify(len(taken)). Correct.
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
        for _ in taken:
            condition.notify()
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
