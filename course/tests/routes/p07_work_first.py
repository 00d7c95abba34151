# baseline: submissions/p07/buggy_next_round_work_before_rendezvous.py
# Route (closed by red-team pass 22: p07_test_rounds now notes when each do_work() starts and
# requires round k's after round k-1's last arrival): the P07 checks read the barrier's trace
# only (arrivals and passes, counted and ordered), never when a worker's do_work() for a round ran
# relative to the barrier's rounds.
# A worker that does all its rounds of work first, then waits at the barrier `rounds` times in
# a row, shows exactly parties x rounds arrivals and passes in rendezvous order, though round
# k+1's work starts before the others have finished round k (the bug of the baseline, which
# starts round k+1's work while it waits at round k's barrier).
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
