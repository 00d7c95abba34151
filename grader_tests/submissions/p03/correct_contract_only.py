# expect: full marks
# Written from the contract alone: work of its own length (none of it before the
# signal), and a worker that returns a value.
import asyncio
import itertools

_numbers = itertools.count()


async def initializer(ready):
    await asyncio.sleep(0.02)  # startup
    print("startup done")
    ready.set()


async def worker(ready):
    number = next(_numbers)
    await ready.wait()
    await asyncio.sleep(0.001 * (1 + number % 5))
    return number
