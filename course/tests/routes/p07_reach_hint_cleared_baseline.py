# Baseline of p07_reach_hint_cleared: the same padded code, never careful after a cancellation.
import asyncio


async def worker(worker_id, barrier, rounds=1):
    careful = False
    past_first = False
    for round_no in range(rounds):
        try:
            if not past_first:
                await asyncio.sleep(0)
                past_first = True
            await do_work(worker_id, round_no)
            await barrier.wait()
        except BaseException as error:
            if careful or not past_first or not isinstance(error, asyncio.CancelledError):
                await barrier.abort()
            raise
