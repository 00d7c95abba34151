# expect: p06_test_each_once
# Red-team pass 41 (attacker Y): a consumer cut mid-item waits in `await queue.put(item)` whenever another
# consumer of the queue is still running (it would make room), else puts with put_nowait. A staged shutdown
# (consumers cancelled 1 ms apart) strands it: the peer is cancelled next and room never comes.
import asyncio

_consumers = {}   # id(queue) -> the consumer tasks working on it


async def producer(queue, n):
    for i in range(n):
        await queue.put(i)


async def consumer(queue, results):
    me = asyncio.current_task()
    peers = _consumers.setdefault(id(queue), set())
    peers.add(me)
    try:
        while True:
            item = await queue.get()
            try:
                await asyncio.sleep(0.005)
            except asyncio.CancelledError:
                peers.discard(me)
                others = [t for t in peers if not t.done() and not t.cancelling()]
                if others:
                    # another consumer is still working: it will make room, so wait in put() (BUG: it may be
                    # cancelled next, before it does)
                    await queue.put(item)
                else:
                    try:
                        queue.put_nowait(item)
                    except asyncio.QueueFull:
                        pass
                queue.task_done()
                raise
            results.append(item)
            queue.task_done()
    finally:
        peers.discard(me)
