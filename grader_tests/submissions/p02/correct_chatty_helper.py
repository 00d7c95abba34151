# expect: full marks
# Written from the contract alone: a helper context manager for the bookkeeping, and
# debug output on stderr and through logging while it runs.
import asyncio
import contextlib
import logging
import sys


@contextlib.contextmanager
def in_flight(active, task_id):
    active.add(task_id)
    try:
        yield
    finally:
        active.discard(task_id)


async def api_call(task_id, semaphore, active):
    async with semaphore:
        with in_flight(active, task_id):
            print(f"call {task_id} starts ({len(active)} in flight)", file=sys.stderr)
            await asyncio.sleep(0.01)
    logging.warning("call %s done", task_id)
