# Honest buggy baseline of p06_records_spread.py. BUG: the first consumer to start on a queue takes every item
# and processes each in a task of its own, all at once (no bound on the work in flight); every other consumer
# on that queue waits forever and processes nothing. Each item is recorded in the results of the consumer
# that took it.
import asyncio

_owner: dict = {}  # id(queue) -> (queue, the consumer task that took it over)


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    me = asyncio.current_task()
    entry = _owner.get(id(queue))
    if entry is None or entry[0] is not queue:
        entry = _owner[id(queue)] = (queue, me)
    if entry[1] is not me:
        await asyncio.Event().wait()  # BUG: idle for ever
    in_flight = set()

    async def process(item):
        await asyncio.sleep(0.005)
        results.append(item)
        queue.task_done()

    try:
        while True:
            item = await queue.get()
            task = asyncio.get_running_loop().create_task(process(item))
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)
    finally:
        for task in list(in_flight):
            task.cancel()
