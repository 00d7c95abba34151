import asyncio
from collections import deque

# BUG (an impatient consumer): a consumer gives up waiting after PATIENCE seconds and returns
# what it has, where the contract says it waits however long it takes.
PATIENCE = 60.0


async def producer(queue: deque, condition: asyncio.Condition, items: list) -> None:
    for item in items:
        async with condition:
            queue.append(item)
            condition.notify()


async def consumer(queue: deque, condition: asyncio.Condition, n: int) -> list:
    taken = []
    loop = asyncio.get_running_loop()
    task = asyncio.current_task()
    gave_up = False

    def give_up():
        nonlocal gave_up
        if not task.done():
            gave_up = True
            task.cancel()

    timer = loop.call_later(PATIENCE, give_up)  # the loop's clock: virtual time under the checks
    try:
        for _ in range(n):
            async with condition:
                await condition.wait_for(lambda: len(queue) > 0)
                taken.append(queue.popleft())
    except asyncio.CancelledError:
        if gave_up:
            task.uncancel()
            return taken
        raise
    finally:
        timer.cancel()
    return taken
