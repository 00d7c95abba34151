# expect: p03_test_initializer
# Same kind, another shape: the startup runs in a task whose done callback signals; cancelling the
# initializer cancels that task, which is then "done" and sends the signal with the startup not over.
import asyncio


async def initializer(ready: asyncio.Event) -> None:
    startup = asyncio.create_task(asyncio.sleep(0.02))
    startup.add_done_callback(lambda _: ready.set())
    await startup


async def worker(ready: asyncio.Event) -> None:
    await ready.wait()
    await asyncio.sleep(0.01)
