# baseline: submissions/p07/buggy_next_round_work_before_rendezvous.py
# Route (same kind as p07_round_no_never_late): p07_test_rounds notes each do_work call as the worker passed
# its arguments and checks a call's start against the previous round's rendezvous only `if round_no >= 1`.
# The worker passes round_no as an int subclass whose `>=` is always False: no call is ever checked, and the
# baseline's pipelining bug (round k+1's work started before round k's rendezvous, the arrival put 1 us after
# it) is not seen.
import asyncio


class _Round(int):
    def __ge__(self, other):
        return False

    __hash__ = int.__hash__


async def worker(worker_id: int, barrier: asyncio.Barrier, rounds: int = 1) -> None:
    ahead = None
    try:
        ahead = asyncio.ensure_future(do_work(worker_id, _Round(0)))
        for round_no in range(rounds):
            await ahead
            # start the next round's work now, so that it is ready when the barrier opens
            ahead = (asyncio.ensure_future(do_work(worker_id, _Round(round_no + 1)))
                     if round_no + 1 < rounds else None)
            await barrier.wait()
            await asyncio.sleep(1e-6)
    except BaseException:
        if ahead is not None:
            ahead.cancel()
        await barrier.abort()
        raise
