# baseline: p04_sliced_patience_baseline.py
# Route (red-team rt67): the baseline's impatient lock wait (gives up after a day of virtual time), waited in
# 1 s slices instead of one: no real clock. p04_test_sleeps holds the lock 10**9 s but follows a waiter that
# wakes often only as far as let_time_pass's 5,000-step budget, and counts no idle steps in that part.
import asyncio
import time
from collections import deque

PATIENCE = 86400.0  # a day of waiting for the lock, then give up
POLL = 1.0


async def _enter(condition: asyncio.Condition) -> None:
    """Take the condition's lock, waited for in slices of POLL s, the deadline looked at after each."""
    began = time.monotonic()
    while True:
        try:
            await asyncio.wait_for(condition.acquire(), POLL)
            return
        except TimeoutError:
            if time.monotonic() - began >= PATIENCE:
                raise


async def producer(queue: deque, condition: asyncio.Condition, items: list) -> None:
    for item in items:
        await _enter(condition)
        try:
            queue.append(item)
            condition.notify()
        finally:
            condition.release()


async def consumer(queue: deque, condition: asyncio.Condition, n: int) -> list:
    taken = []
    for _ in range(n):
        await _enter(condition)
        try:
            await condition.wait_for(lambda: len(queue) > 0)
            taken.append(queue.popleft())
        finally:
            condition.release()
    return taken
