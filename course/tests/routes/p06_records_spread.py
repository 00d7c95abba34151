# baseline: p06_dispatch_baseline.py
# Route (red-team pass 62): p06_test_share_work judged "each consumer processes some of the items" from the
# `results` lists, which the solution writes. As its baseline, the first consumer on a queue takes and
# processes every item (each in a task of its own) while the others wait forever; but it records the items
# round-robin in the results lists of all the consumers on that queue, so that none looks idle.
import asyncio

_owner: dict = {}  # id(queue) -> (queue, the consumer task that took it over, every consumer's results)


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    me = asyncio.current_task()
    entry = _owner.get(id(queue))
    if entry is None or entry[0] is not queue:
        entry = _owner[id(queue)] = (queue, me, [])
    entry[2].append(results)
    if entry[1] is not me:
        await asyncio.Event().wait()  # idle for ever, as the baseline
    in_flight, lists, count = set(), entry[2], [0]

    async def process(item):
        await asyncio.sleep(0.005)
        lists[count[0] % len(lists)].append(item)  # the trick: spread over every consumer's results
        count[0] += 1
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
