# expect: full marks
# correct_abort_on_any_exit that looks up a method with help(), as in a kernel. The check process had no
# `help` (it runs without the `site` module): NameError, and nothing after it was defined (0/15, red-team
# pass 100).
import asyncio
help(asyncio.Barrier.abort)  # (looking the method up)


async def worker(worker_id: int, barrier: asyncio.Barrier, rounds: int = 1) -> None:
    try:
        for round_no in range(rounds):
            await do_work(worker_id, round_no)
            await barrier.wait()
    except BaseException:
        await barrier.abort()
        raise
