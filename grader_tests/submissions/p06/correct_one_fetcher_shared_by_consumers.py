# expect: full marks
# Red-team pass 42 (attacker V):
# Finding (attacker V): P06 -- a CORRECT consumer whose gets are made by one fetcher task per queue, shared by
# all consumers (each consumer asks with a future; the fetcher gets one item per request and hands it to the
# oldest consumer still asking; a consumer cancelled as an item is handed to it passes it on or back), loses
# p06_test_each_once: the run files every task a consumer's step created as that consumer's work
# (ledger.creators, working_for), so the gets the fetcher makes FOR consumer-1 count as consumer-0's
# (the fetcher happened to be started in consumer-0's step), and none as consumer-1's.
# Score now: 12/15 on 3.11, 3.12 and 3.13. Fair score: 15/15.
# Schedule (cancelled_anywhere, seed 0, consumer-0 cut right after its 2nd suspension): at t=0.22 s the fetcher
# (made by consumer-0's step) gets 0 and hands it to consumer-0, gets 1 and hands it to consumer-1; consumer-0
# is cancelled 2.5 ms into processing 0 (0 is lost: allowed, it held it), consumer-1 processes 1 and records it.
# The check takes took[-1] = the fetcher's get of 1 as "the item consumer-0 held", sees 1 in results[1], and
# demands a get of 1 by consumer-1 from the queue: "consumer-0 took 1 at t=0.2200 s and was cancelled;
# consumer-1 recorded it without getting it from the queue" -- but consumer-0 never had 1.
# (Debugged in the sandbox: the fetcher's hand-offs were [(0.22, 0 -> consumer-0), (0.22, 1 -> consumer-1)].)
# Every item is processed once, one task_done per get, the queue bound and backpressure hold; the other
# five test cells pass.
import asyncio
from collections import deque

_shared = {}   # id(queue) -> (queue, requests, [fetcher task])


async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


def _pass_on(queue, requests, item):
    """Hand `item` to the oldest consumer still asking, else back to the queue (or lose it: no room)."""
    while requests and requests[0].done():
        requests.popleft()
    if requests:
        requests.popleft().set_result(item)
        return True
    try:
        queue.put_nowait(item)
    except asyncio.QueueFull:
        pass
    queue.task_done()   # this get's item is not processed here (back in the queue counts again)
    return False


async def _fetch(queue, requests):
    """One task per queue gets items for the consumers that ask, in the order they asked."""
    while True:
        while requests and requests[0].done():
            requests.popleft()
        if not requests:
            return
        item = await queue.get()
        if not _pass_on(queue, requests, item):
            return


async def _take(queue):
    entry = _shared.get(id(queue))
    if entry is None or entry[0] is not queue:
        entry = _shared[id(queue)] = (queue, deque(), [None])
    _, requests, box = entry
    asked = asyncio.get_running_loop().create_future()
    requests.append(asked)
    if box[0] is None or box[0].done():
        box[0] = asyncio.create_task(_fetch(queue, requests))
    try:
        return await asked
    except asyncio.CancelledError:
        if asked.done() and not asked.cancelled():   # handed an item as it was cancelled
            _pass_on(queue, requests, asked.result())
        else:
            asked.cancel()
        if not any(not r.done() for r in requests) and box[0] is not None and not box[0].done():
            box[0].cancel()   # nobody asks any more: no item is taken for nobody
        raise


async def consumer(queue: asyncio.Queue, results: list) -> None:
    while True:
        item = await _take(queue)
        await asyncio.sleep(0.005)
        results.append(item)
        queue.task_done()
