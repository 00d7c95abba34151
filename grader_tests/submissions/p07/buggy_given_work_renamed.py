# expect: p07_test_rounds p07_test_broken
# The given do_work kept under another name (`work = do_work`), and the name rebound to a function of
# the solution's own that nothing calls: a swap of the work by name would reach only that one. Under it,
# two bugs: round k+1's work starts during round k's rendezvous (buggy_alias_dodges_work_order), and a
# work that raises breaks nothing, leaving the others waiting forever (buggy_aborts_only_on_cancel).
import asyncio

work = do_work  # the given do_work, under another name


async def do_work(worker_id: int, round_no: int) -> None:
    """A do_work of the solution's own under the given name, which the worker never calls."""
    await asyncio.sleep(0.01)


async def worker(worker_id: int, barrier: asyncio.Barrier, rounds: int = 1) -> None:
    ahead = None
    try:
        ahead = asyncio.ensure_future(work(worker_id, 0))
        for round_no in range(rounds):
            await ahead
            # start the next round's work now, so that it is ready when the barrier opens
            ahead = asyncio.ensure_future(work(worker_id, round_no + 1)) if round_no + 1 < rounds else None
            await barrier.wait()
            await asyncio.sleep(1e-6)
    except asyncio.CancelledError:  # forgets Exception: a failing do_work breaks nothing
        if ahead is not None:
            ahead.cancel()
        await barrier.abort()
        raise
