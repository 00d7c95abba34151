# baseline: p06_dispatch_baseline.py
# Route: p06_bookkeeping_consumer.py (the others call task_done() for items the first consumer processed), each
# of the others sleeping 5 ms once before its bookkeeping: a judge that asks only for one task_done() of a
# consumer's own after 5 ms of sleep of its own takes that for taking part; every task_done() must answer work.
import asyncio

_owner: dict = {}  # id(queue) -> (queue, the consumer task that took it over, every other consumer's inbox)


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    me = asyncio.current_task()
    entry = _owner.get(id(queue))
    if entry is None or entry[0] is not queue:
        entry = _owner[id(queue)] = (queue, me, [])
    if entry[1] is not me:
        inbox = asyncio.Queue()
        entry[2].append(inbox)
        await asyncio.sleep(0.005)  # the trick: one sleep, then bookkeeping only
        while True:  # the bookkeeping for items the first consumer processed
            await inbox.get()
            queue.task_done()
    in_flight, inboxes, count = set(), entry[2], [0]

    async def process(item):
        await asyncio.sleep(0.005)
        results.append(item)
        turn = count[0] % (len(inboxes) + 1)  # its own turn too, so that it is not idle either
        count[0] += 1
        if turn < len(inboxes):
            inboxes[turn].put_nowait(item)
        else:
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
