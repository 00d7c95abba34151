# expect: p05_test_no_needless_wait p05_test_rate p05_test_fifo
# correct_timer_wakes_waiters.py without its `if not waiter.done()` guard: when the timer reaches
# the future of a caller cancelled while it waited, set_result raises InvalidStateError inside the
# loop callback, no timer is armed again, and every caller queued behind it waits forever.
# Its timer callback raises in every check that cancels a waiting caller, and an exception in a
# loop callback fails the check it happens in ("Left something behind"): since red-team pass 31
# p05_test_rate and p05_test_fifo cancel waiting callers too (cancelled_callers_let_no_one_in_early,
# cancelled_callers_leave_the_order).
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
            self.queue.popleft().set_result(None)
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
        await waiter
