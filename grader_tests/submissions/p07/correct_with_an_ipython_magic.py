# expect: full marks
# correct_abort_on_any_exit with an IPython magic line, as a student may leave one in a cell. The check
# process's shell started IPython's history thread, which the checks took for one of the solution's own:
# every check failed (0/15, red-team pass 100).
%xmode Minimal
import asyncio


async def worker(worker_id: int, barrier: asyncio.Barrier, rounds: int = 1) -> None:
    try:
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
            await barrier.wait()
    except BaseException:
        await barrier.abort()
        raise
