# expect: full marks
# correct_wait that shows a note with `display(...)`, a kernel's builtin, without importing it. The check
# process had no `display`: NameError, and nothing after that line was defined (0/10, red-team pass 103).
import asyncio

display("P03: one event, set once, wakes every worker")


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    await ready.wait()
    await asyncio.sleep(0.01)
