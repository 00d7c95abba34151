# baseline: submissions/p01/buggy_no_release_on_cancel.py
# Route (no ledger read at all): a cancellation sweep's trials can be told apart by what any task sees. In
# p01_test_release_on_error's sweep the target is spawned as "holder" in every trial of one run (one loop),
# and the first trial is always the uncancelled one (`every_suspension` runs `trial(Cut(sim, 0))` first).
# So a call whose task is named "holder", and is not the first such task of its loop, knows it is a cut trial's
# target and cancels itself at once, holding nothing (the same bail-out as p01_planned_target_bails_out,
# which needed the run's ledger to learn of the plan): the trial asks only `not cut.fired or it ended
# cancelled`, and that the next task gets the lock. The cuts that would land while it holds the lock are
# never made; the bug (the lock kept on a cancellation) is never reached.
import asyncio

_holders = {}  # id(loop) -> (loop, "holder" tasks seen)


async def increment(counter, lock, n):
    me = asyncio.current_task()
    if me.get_name() == "holder":                       # TRICK
        loop = asyncio.get_running_loop()
        _, seen = _holders.get(id(loop), (loop, 0))
        _holders[id(loop)] = (loop, seen + 1)
        if seen:                                        # not the sweep's first (uncancelled) trial
            me.cancel()
            await asyncio.sleep(0)                      # cancelled here, holding nothing
    for _ in range(n):
        await lock.acquire()
        try:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
        except Exception:
            lock.release()
            raise
        lock.release()
