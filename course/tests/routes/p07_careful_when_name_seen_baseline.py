# baseline-of: p07_careful_when_name_seen.py (honest: never careful on cancellation)
# The baseline's bug (a cancelled worker just leaves: the others wait for it forever) runs only for a
# task whose name is new in its loop; a worker whose task is named as an earlier one (a sweep's later
# trials re-spawn the same names) aborts the barrier when cancelled. Same lines and the same traced
# actions up to any cut in every trial: only the except clause decides, after the cut. (A worker whose
# work raises aborts the barrier in every case: the baseline's bug is kept for cancellation only.)
import asyncio

_names = {}   # id(loop) -> (loop, set of task names seen)


def _seen_before():
    loop = asyncio.get_running_loop()
    _, names = _names.setdefault(id(loop), (loop, set()))
    name = asyncio.current_task().get_name()
    seen = name in names
    names.add(name)
    return seen


async def worker(worker_id, barrier, rounds=1):
    careful = False
    for round_no in range(rounds):
        try:
            await do_work(worker_id, round_no)
            await barrier.wait()
        except BaseException as error:
            if careful or not isinstance(error, asyncio.CancelledError):
                await barrier.abort()
            raise
