# expect: full marks
# Red-team pass 42 (attacker W):
# P05 finding (fairness): a CORRECT token bucket whose refill helper task is taken for "left behind".
# What it does: the tokens are the permits of an asyncio.Semaphore(max_tokens); acquire() takes a
# permit (the Semaphore keeps FIFO order) and makes sure a helper task runs that puts one permit back
# every 1/rate s while the bucket is below max_tokens; the helper ends by itself once it is full.
# Equivalent to the continuous bucket (accrual runs exactly while below the cap).
# Score now: 12/15 on Python 3.11, 3.12 and 3.13: p05_test_no_needless_wait (3) fails "Left something
# behind: ... task '_refill-100' is asleep in asyncio.sleep()". Every other check passes.
# Fair score: 15/15.
# Why: the hidden test's last bucket has rate 1e-9/s; after the scenario its refiller still has a
# 1e9 s sleep to finish before the bucket is full again, far beyond the 60 s of virtual grace
# (_runner.GRACE) leftover tasks get. The contract (CURRICULUM.md P05) asks nothing about helper
# tasks; P08's correct_helper_task_countdown shows a self-ending helper task is meant to be fine,
# but at rate 1e-9 no refill helper can end within the grace. The task is not a leak: it ends
# when the bucket is full, and it is the bucket's refilling itself.
import asyncio


class TokenBucket:
    def __init__(self, rate: float, max_tokens: int) -> None:
        self.rate = rate
        self.max_tokens = max_tokens
        self.sem = asyncio.Semaphore(max_tokens)
        self.level = max_tokens
        self.refiller = None

    async def _refill(self):
        while self.level < self.max_tokens:
            await asyncio.sleep(1 / self.rate)
            self.level += 1
            self.sem.release()

    async def acquire(self) -> None:
        await self.sem.acquire()
        self.level -= 1
        if self.refiller is None or self.refiller.done():
            self.refiller = asyncio.get_running_loop().create_task(self._refill())
