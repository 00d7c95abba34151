# baseline: submissions/p07/buggy_waits_once.py
# Route: every P07 check reads the barrier's trace only (arrivals and passes, counted and
# ordered), never when a worker's do_work() for a round ran relative to the barrier's rounds.
# A worker that does all its rounds of work first, then waits at the barrier `rounds` times in
# a row, shows exactly parties x rounds arrivals and passes in rendezvous order, though round
# k+1's work starts before the others have finished round k (the bug of the baseline, which
# waits once).
import asyncio


async def worker(worker_id, barrier, rounds=1):
    try:
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
        for round_no in range(rounds):
            await barrier.wait()
    except BaseException:
        await barrier.abort()
        raise
