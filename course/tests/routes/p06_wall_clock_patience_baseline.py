import asyncio

# BUG (an impatient producer): it gives up on a full queue after PATIENCE seconds and drops the rest of its
# items, where the contract says it waits (backpressure) however long it takes.
PATIENCE = 60.0


async def producer(queue: asyncio.Queue, n: int) -> None:
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
        for item in range(n):
            await queue.put(item)
    except asyncio.CancelledError:
        if gave_up:
            task.uncancel()
            return
        raise
    finally:
        timer.cancel()


async def consumer(queue: asyncio.Queue, results: list) -> None:
    while True:
        item = await queue.get()
        await asyncio.sleep(0.005)
        results.append(item)
        queue.task_done()
