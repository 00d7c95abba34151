# expect: p07_test_rendezvous
# Red-team pass 22: had 15/15 (the 10**9 s late party came only in round 0 of one-round workers).
# P07 finding: a worker with a deadline of its own (60 s) at the barrier in every round but the first.
# Broken promise: "no worker passes a round's barrier before all have arrived" and a worker waits for
# every party however late (the statement: a worker breaks the barrier only if it is cancelled, its
# work raises, or the barrier is broken): from round 1 on, a party more than a minute late makes
# this worker give up, abort the barrier and raise TimeoutError, breaking the rendezvous for all.
# ("round 0 includes everyone's start-up, so only it may be slow" is the student's excuse.)
# Score obtained: 15/15.   Fair: p07_test_rendezvous should fail (11/15).
# Why missed: the 10**9 s late party of p07_test_rendezvous (waits_for_a_late_party) comes only in
# round 0 of one-round workers; in every multi-round scenario the parties are at most ~40 ms apart.
# A late party in round 1 (or later) of multi-round workers would catch it.
import asyncio

ROUND_DEADLINE = 60.0


async def worker(worker_id: int, barrier: asyncio.Barrier, rounds: int = 1) -> None:
    try:
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
            if round_no == 0:
                await barrier.wait()          # start-up may take however long it takes
            else:
                async with asyncio.timeout(ROUND_DEADLINE):
                    await barrier.wait()
    except BaseException:
        await barrier.abort()
        raise
