# expect: p03_test_waits_for_signal
# Half the work done before the signal, in a child task that looks at the event (is_set()) with each
# step, as a watchdog does, then waits for the worker's word and does the other half. The worker waits
# for the signal, gives the word and awaits the child: it ends 5 ms after the signal, where a worker
# started after the signal takes 10 ms.
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def _work(ready: asyncio.Event, go: asyncio.Future) -> None:
    ready.is_set()
    await asyncio.sleep(0.005)  # the first half, before the signal when the worker waited for it
    ready.is_set()
    await go
    await asyncio.sleep(0.005)  # the second half


async def worker(ready: asyncio.Event) -> None:
    go = asyncio.get_running_loop().create_future()
    work = asyncio.create_task(_work(ready, go))
    await ready.wait()
    go.set_result(None)
    await work
