# expect: p03_test_waits_for_signal
# The work handed to the loop as a timer callback (loop.call_later) before the wait, and its result
# collected after the signal: the callback runs while nobody has set the event.
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    loop.call_later(0.01, lambda: done.done() or done.set_result("worked"))  # the work, begun now
    await ready.wait()
    await done
