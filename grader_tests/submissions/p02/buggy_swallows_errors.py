# expect: p02_test_release_on_error
# A failed API call is logged and swallowed: api_call returns normally when the call raised
# (here: `active.add` rejecting it), so the caller believes the call was made. The permit and
# the `active` entry are given back, but "when it raises" the call no longer raises at all.
# p02_test_release_on_error only checks that the *other* calls do not fail; nothing requires
# a rejected call to end with its error (P01's test does: "the storage error reaches the caller").
import asyncio
import logging


async def api_call(task_id: int, semaphore: asyncio.Semaphore, active: set[int]) -> None:
    async with semaphore:
        try:
            active.add(task_id)
            await asyncio.sleep(0.01)
        except Exception as exc:  # a failed call is logged, not raised
            logging.getLogger("api").warning("call %s failed: %r", task_id, exc)
        finally:
            active.discard(task_id)
