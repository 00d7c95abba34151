# baseline: p02_slow_unless_plain_set_baseline.py
# Route: p02_test_total_time, the only cell that times the calls, passes a plain `set()` as `active`; every other
# hidden cell passes a traced set (sim.shared_set) or a RejectingSet, and the demo a PeakSet. The baseline's bug
# (a 20 ms request) is kept everywhere except where `active` is exactly a built-in set: the one place it is timed.
import asyncio


async def api_call(task_id: int, semaphore: asyncio.Semaphore, active: set[int]) -> None:
    async with semaphore:
        active.add(task_id)
        try:
            await asyncio.sleep(0.01 if type(active) is set else 0.02)
        finally:
            active.discard(task_id)
