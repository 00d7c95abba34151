# expect: p05_test_fifo
# Red-team pass 31: had 15/15, now 13/15 (p05_test_fifo never cancelled anyone; the cancellation scenario checked only lateness).
# P05 finding: FIFO is broken after a cancellation. A line of waiting callers; the head that
# is cancelled hands the head on to the LAST caller still waiting instead of the next one
# (reversed() where the normal path walks forward). Rate 10/s, 1 token, 5 requests at once,
# request-1 (the head) cancelled at t=0.05 s: admitted 0 at 0.0, then 4 at 0.1, 2 at 0.2,
# 3 at 0.3: request-4 overtakes requests 2 and 3, who called acquire() before it. Every caller
# is still admitted by the bound, so only the order is wrong. Breaks "callers that wait are
# served in the order they called acquire()".
# Score obtained: 15/15. Fair: 13/15 (p05_test_fifo fails): p05_test_fifo never cancels anyone,
# and cancelled_callers_hold_up_no_one (p05_test_no_needless_wait) checks only that the others
# are admitted by (n - max_tokens) / rate, never in which order; a check that the callers left
# after a cancellation are admitted in call order would catch it.
import asyncio
import time
from collections import deque


class TokenBucket:
    """A line of waiting callers (futures); the one at the head sleeps until its token is due,
    takes it and hands the head on to the next in line."""

    def __init__(self, rate: float, max_tokens: int) -> None:
        self.rate = rate
        self.max_tokens = max_tokens
        self.tokens = float(max_tokens)
        self.counted_at = time.monotonic()
        self.line = deque()

    def _refill(self) -> None:
        now = time.monotonic()
        self.tokens = min(self.max_tokens, self.tokens + (now - self.counted_at) * self.rate)
        self.counted_at = now

    async def acquire(self) -> None:
        self._refill()
        if not self.line and self.tokens >= 1:
            self.tokens -= 1
            return
        me = asyncio.get_running_loop().create_future()
        self.line.append(me)
        if len(self.line) == 1:
            me.set_result(None)  # nobody ahead: we are the head at once
        try:
            await me  # wait to be the head of the line
            self._refill()
            while self.tokens < 1:
                await asyncio.sleep((1 - self.tokens) / self.rate)
                self._refill()
            self.tokens -= 1
        except asyncio.CancelledError:
            was_head = self.line[0] is me
            self.line.remove(me)
            if was_head:
                for waiter in reversed(self.line):  # bug: hands the head on to the LAST in line, not the next
                    if not waiter.done():
                        waiter.set_result(None)
                        break
            raise
        self.line.remove(me)
        for waiter in self.line:  # the next in line still waiting is the head now
            if not waiter.done():
                waiter.set_result(None)
                break
