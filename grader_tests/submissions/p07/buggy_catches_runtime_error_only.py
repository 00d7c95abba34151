# expect: p07_test_broken
# Red-team pass 20: catches only (CancelledError, RuntimeError) to break the barrier
# (BrokenBarrierError is a RuntimeError): work that raises anything else (ValueError, OSError,
# KeyError) leaves without aborting, and the other parties wait forever. The statement says a
# worker whose work raises breaks the barrier. p07_test_broken's failing do_work raised exactly
# RuntimeError (15/15); it now raises ValueError, RuntimeError or an Exception subclass of its own.
import asyncio


async def worker(worker_id, barrier, rounds=1):
    try:
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
            await barrier.wait()
    except (asyncio.CancelledError, RuntimeError):  # cancelled, or a failure (BrokenBarrierError is one)
        await barrier.abort()
        raise
