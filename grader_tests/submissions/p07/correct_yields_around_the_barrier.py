# expect: full marks
# Gives the event loop a turn before and after each meeting (more suspension points than
# needed), all inside the try: wherever it is cancelled, it breaks the barrier.
import asyncio


async def worker(worker_id, barrier, rounds=1):
    round_no = 0
    try:
        while round_no < rounds:
            await do_work(worker_id, round_no)
            await asyncio.sleep(0)
            await barrier.wait()
            await asyncio.sleep(0)
            round_no += 1
    except (asyncio.CancelledError, Exception):
        await barrier.abort()
        raise
