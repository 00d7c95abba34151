# expect: full marks
# correct_wait with a common idiom at its top: SIGPIPE's default action put back (Python starts with it
# ignored). The check process took any handler other than its own for one that could wake a task from
# outside the loop: every check failed (0/10, red-team pass 103); SIG_DFL and SIG_IGN run no code.
import asyncio
import signal

signal.signal(signal.SIGPIPE, signal.SIG_DFL)


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    await ready.wait()
    await asyncio.sleep(0.01)
