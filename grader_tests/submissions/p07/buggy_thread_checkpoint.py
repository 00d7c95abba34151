# expect: p07_test_broken
# Red-team pass 39 (attacker T: the checks' loop ran an executor call at once, its future already done): see
# below. Scored before the fix as the first comment lines say; now graded as the same code with an async call.
# P07 finding: a BUGGY worker that leaves the barrier unbroken when cancelled while saving a checkpoint earns
# full marks.
# Score now: 15/15. Fair score: 10/15 (the same code with the checkpoint written inline followed by
#   `await asyncio.sleep(0)` scores 10/15: p07_test_broken 0/5, "worker-1, worker-2 still waited at the
#   barrier 1 s later").
# Why it is buggy: after each rendezvous the worker saves a checkpoint in a worker thread
#   (`await asyncio.to_thread(_save_checkpoint, ...)`) outside its try/except-abort. Cancelled there, it ends
#   without breaking the barrier, and the others hang at the next round's barrier. Concrete schedule on
#   asyncio.run (findings/repro/realrun7.py): 3 workers, 2 rounds; round 0 meets at t=0.04; at t=0.06 worker-0 is
#   cancelled while its checkpoint (50 ms) is written -> 1 s later 2 workers still wait, barrier not broken,
#   n_waiting 2. Contract: "a party that is cancelled ... breaks the barrier for the others, not a hang".
# Mechanism: the virtual loop's run_in_executor runs the function at once and returns a done future, so the
import asyncio
import json

_checkpoints = {}


def _save_checkpoint(worker_id: int, round_no: int) -> None:
    """A blocking store write (serialise, ship): run in a worker thread."""
    _checkpoints[worker_id] = json.dumps({"worker": worker_id, "round": round_no})


async def worker(worker_id: int, barrier: asyncio.Barrier, rounds: int = 1) -> None:
    for round_no in range(rounds):
        try:
            await do_work(worker_id, round_no)
            await barrier.wait()
        except BaseException:  # cancelled, failed, or the barrier broke
            await barrier.abort()
            raise
        # The round is done and everyone met: note it durably, off the event loop.
        await asyncio.to_thread(_save_checkpoint, worker_id, round_no)
