# expect: p07_test_broken
# Breaks the barrier only when the worker is CANCELLED ("if a worker is cancelled the others
# must not hang"), not when its own work raises. A worker whose do_work fails leaves without
# breaking the barrier, and every other party waits for it forever. Contract: "If the worker
# cannot finish its rounds (it is cancelled, its work raises, or the barrier is broken), it
# breaks the barrier with `await barrier.abort()`".
import asyncio


async def worker(worker_id: int, barrier: asyncio.Barrier, rounds: int = 1) -> None:
    try:
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
            await barrier.wait()
    except asyncio.CancelledError:  # forgets Exception: a failing do_work breaks nothing
        await barrier.abort()
        raise
