# baseline: p06_dispatch_baseline.py
# Route: a sleep is filed for its sleeper's creator AND for the task awaiting the sleeper. As its baseline,
# the first consumer takes every item and processes each in a task of its own; each such task is handed,
# round-robin, to one of the other consumers (or kept), which awaits it and calls task_done(): one 5 ms sleep
# counts as processing for the creator and for the awaiter.
import asyncio

_owner: dict = {}


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
        async def mark(task):
            await task  # the trick: awaiting the task that does the work, in a task of this consumer's
            queue.task_done()

        mine = set()
        try:
            while True:
                task = await inbox.get()
                t = asyncio.get_running_loop().create_task(mark(task))
                mine.add(t)
                t.add_done_callback(mine.discard)
        finally:
            for t in list(mine):
                t.cancel()
    in_flight, inboxes, count = set(), entry[2], [0]

    async def process(item):
        await asyncio.sleep(0.005)
        results.append(item)

    async def own(task):
        await task
        queue.task_done()

    try:
        while True:
            item = await queue.get()
            task = asyncio.get_running_loop().create_task(process(item))
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)
            turn = count[0] % (len(inboxes) + 1)
            count[0] += 1
            if turn < len(inboxes):
                inboxes[turn].put_nowait(task)
            else:
                t2 = asyncio.get_running_loop().create_task(own(task))
                in_flight.add(t2)
                t2.add_done_callback(in_flight.discard)
    finally:
        for task in list(in_flight):
            task.cancel()
