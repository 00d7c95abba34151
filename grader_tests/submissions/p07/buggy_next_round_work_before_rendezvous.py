# expect: p07_test_rounds
# Red-team pass 22: had 15/15 (the work between rounds was judged from the arrival times alone).
# P07 finding: a worker that starts the NEXT round's work before the current round's rendezvous
# ("pipelining": do_work(worker_id, k + 1) runs while it waits at the barrier for round k).
# Broken promise: "each round: a staggered amount of work, then the barrier" / the statement's
# "nobody may start step 2 before all parts of step 1 are done (step 2 reads them)": round k+1's
# work runs before round k's rendezvous; the worker then arrives 1 us after the rendezvous, so the
# arrival times look as if the work came after it.
# Score obtained: 15/15.   Fair: p07_test_rounds (and p07_test_visible) should fail (9/15).
# Why missed: since pass 20, the work between rounds is judged from the barrier's arrival times alone
# (arrival of round k strictly after round k-1's rendezvous, by 1e-9 s); nobody looks at WHEN
# do_work(worker_id, k) starts. A do_work swapped for a recording one (as p07_test_broken already
# does) and a check that round k's work starts after round k-1's rendezvous would catch it.
import asyncio


async def worker(worker_id: int, barrier: asyncio.Barrier, rounds: int = 1) -> None:
    ahead = None
    try:
        ahead = asyncio.ensure_future(do_work(worker_id, 0))
        for round_no in range(rounds):
            await ahead
            # start the next round's work now, so that it is ready when the barrier opens
            ahead = asyncio.ensure_future(do_work(worker_id, round_no + 1)) if round_no + 1 < rounds else None
            await barrier.wait()
            await asyncio.sleep(1e-6)
    except BaseException:
        if ahead is not None:
            ahead.cancel()
        await barrier.abort()
        raise
