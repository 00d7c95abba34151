# baseline: p02_brief_stay_baseline.py
# Route: p02_test_never_exceeds times each task_id's stay in `active` from its `add` event to its `discard`
# event, keying an event by its detail: the int itself when `type(detail) is int`, else ("an object", id()).
# The traced set files what the *caller passed* as the detail. Adding an int subclass equal to task_id and
# discarding the plain int (same hash, same element for the set) gives the two events different keys: the
# stay is never timed, so the baseline's bug (out of `active` after 5 ms of the 10 ms request) goes unseen.
import asyncio


class _Id(int):
    pass


async def api_call(task_id: int, semaphore: asyncio.Semaphore, active: set[int]) -> None:
    async with semaphore:
        active.add(_Id(task_id))
        try:
            await asyncio.sleep(0.005)
        finally:
            active.discard(task_id)
        await asyncio.sleep(0.005)
