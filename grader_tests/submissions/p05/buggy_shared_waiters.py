# expect: p05_test_rate p05_test_no_needless_wait
# Red-team pass 20: the waiters' queue (and the timer) are CLASS attributes, shared by every bucket:
# with two buckets in use at once, one bucket's timer hands its tokens to the other's waiters (a
# rate-1/s bucket's caller admitted after 0.011 s instead of 1 s). Each bucket limits its own rate;
# every P05 scenario used one bucket at a time (15/15). p05_test_rate and p05_test_no_needless_wait
# now drive their buckets of different rates at the same time.
import asyncio
from collections import deque


class TokenBucket:
    waiters = deque()     # callers waiting for a token, first come first served
    timer = None

    def __init__(self, rate, max_tokens):
        self.rate, self.capacity = rate, max_tokens
        self.level = float(max_tokens)
        self.refilled_at = None

    def _top_up(self):
        now = asyncio.get_running_loop().time()
        if self.refilled_at is not None:
            self.level = min(self.capacity, self.level + (now - self.refilled_at) * self.rate)
        self.refilled_at = now

    def _hand_out(self):
        self.timer = None
        self._top_up()
        while self.waiters and self.level >= 1:
            self.level -= 1
            waiter = self.waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
            else:
                self.level += 1
        if self.waiters:
            due = self.refilled_at + (1 - self.level) / self.rate
            self.timer = asyncio.get_running_loop().call_at(due, self._hand_out)

    async def acquire(self):
        self._top_up()
        if not self.waiters and self.level >= 1:
            self.level -= 1
            return
        waiter = asyncio.get_running_loop().create_future()
        self.waiters.append(waiter)
        if self.timer is None:
            self._hand_out()
        await waiter
