# expect: p05_test_no_needless_wait
# Red-team pass 31 (builder's member of the kind): correct_timer_wakes_waiters.py whose waiter,
# cancelled after the timer handed it its token (woken, not yet run again), keeps the token and
# returns normally: the request given up on is made anyway, and its task never ends cancelled.
# Only cancel_when_woken and the cancellation at the instant a token is due reach that moment.
import asyncio
from collections import deque


class TokenBucket:
    def __init__(self, rate, max_tokens):
        self.rate, self.capacity = rate, max_tokens
        self.level = float(max_tokens)
        self.refilled_at = None
        self.queue = deque()
        self.timer = None

    def _top_up(self):
        now = asyncio.get_running_loop().time()
        if self.refilled_at is not None:
            self.level = min(self.capacity, self.level + (now - self.refilled_at) * self.rate)
        self.refilled_at = now

    def _hand_out(self):
        self.timer = None
        self._top_up()
        while self.queue and self.level >= 1:
            self.level -= 1
            waiter = self.queue.popleft()
            if not waiter.done():
                waiter.set_result(None)
            else:
                self.level += 1  # its caller gave up: the token stays in the bucket
        if self.queue:
            due = self.refilled_at + (1 - self.level) / self.rate
            self.timer = asyncio.get_running_loop().call_at(due, self._hand_out)

    async def acquire(self):
        self._top_up()
        if not self.queue and self.level >= 1:
            self.level -= 1
            return
        waiter = asyncio.get_running_loop().create_future()
        self.queue.append(waiter)
        if self.timer is None:
            self._hand_out()
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                return  # the token was ours already: keep it
            raise
