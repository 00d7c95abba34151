# expect: p07_test_broken
# Red-team pass 22: had 15/15 (every scenario used one barrier at a time).
# P07 finding: a worker that breaks the barrier it finds in a module-level variable, i.e. the
# barrier of the worker started LAST, not its own.
# Broken promise: "a party that is cancelled or aborts breaks the barrier for the others
# (BrokenBarrierError), not a hang": with two groups of workers at two barriers at the same time
# (two simulations, two phased jobs), a worker of the first group that is cancelled or whose work
# fails aborts the second group's barrier: its own group waits forever, the other group breaks
# for nothing.
# Score obtained: 15/15.   Fair: p07_test_broken should fail (10/15).
# Why missed: every P07 scenario uses one barrier at a time (each trial of every_suspension, the
# abort part and the failing-work part run one after the other), so "the last barrier a worker
# was started with" is always the worker's own. Two groups of workers at two barriers of different
# party counts, run at once, with a victim in one, would catch it.
import asyncio

_barrier = None   # the barrier to break when something goes wrong


async def worker(worker_id: int, barrier: asyncio.Barrier, rounds: int = 1) -> None:
    global _barrier
    _barrier = barrier
    try:
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
            await barrier.wait()
    except BaseException:
        await _barrier.abort()
        raise
