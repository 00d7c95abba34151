# honest baseline of p06_precancelled_closed_sleep.py: the same code, its pause a plain asyncio.sleep, no self-cancel
# That buggy consumer (appends half way through processing), its second half a hand-stepped asyncio.sleep(10)
# resolved after 2.5 ms by a timer of its own, the sleep coroutine then closed: every sweep cut there is
# delivered as woken at the end of processing, where the early append is no longer early (each_once +3),
# at the cost of share_work (-2: the pause is no traced sleep). Net +1.
import asyncio


_pause = asyncio.sleep  # a plain sleep: the route without its trick



async def producer(queue: asyncio.Queue, n: int) -> None:
    for item in range(n):
        await queue.put(item)


async def consumer(queue: asyncio.Queue, results: list) -> None:
    loop = asyncio.get_running_loop()
    while True:
        item = await queue.get()
        await asyncio.sleep(0.0025)
        results.append(item)
        t = loop.time()
        try:
            await _pause(0.0025)
        except asyncio.CancelledError:
            if False:
                results.pop()
            raise
        queue.task_done()
