# expect: p05_test_rate
# Red-team pass 42 (attacker W):
# P05 finding (buggy solution kept full marks): the reference, but _refill() returns at once when
# the bucket is full, so taking a token from a FULL bucket does not restart its refill clock; the
# next refill credits all the time the bucket sat full (capped at max_tokens, so one token more).
# Score now: 15/15 on Python 3.11, 3.12 and 3.13. Fair score: 11/15 (p05_test_rate must fail: more than
# max_tokens + rate*w requests pass in a window).
# Concrete schedule (run with course.testing.explore, seed 0): TokenBucket(rate=1, max_tokens=2)
# made at t=0, left idle, then 5 requests at t=10: admitted at t = 10, 10, 10, 11, 12 (the
# reference: 10, 10, 11, 12, 13). Three requests in the window [10, 10] > max_tokens + 1*0 = 2.
# (Request A at t=10: bucket full, no refill, tokens 1, stamp still 0; request B: refill credits
# 10 s -> tokens capped at 2, takes one; request C takes the last.) Only a bucket whose first use
# comes after an idle spell shows it: the hidden tests never leave a NEW bucket idle before its
# first burst (idle_refill drains it first, and a drained bucket refills normally).
import asyncio
import time


class TokenBucket:
    """Admit `rate` requests per second on average, in bursts of up to `max_tokens`."""

    def __init__(self, rate: float, max_tokens: int) -> None:
        # The bucket starts full. Keep the rate, the capacity, the number of tokens now
        # (a float), the time they were last counted, and a lock so that waiting callers
        # are served one at a time, in the order they came.
        ### BEGIN SOLUTION
        self.rate = rate
        self.max_tokens = max_tokens
        self.tokens = float(max_tokens)
        self.counted_at = time.monotonic()
        self.lock = asyncio.Lock()
        ### END SOLUTION

    def _refill(self) -> None:
        if self.tokens >= self.max_tokens:
            return
        """Add the tokens earned since they were last counted (up to max_tokens)."""
        # Tokens earned = seconds elapsed x rate. Then "last counted" becomes now: time
        # already turned into tokens must never be counted again.
        ### BEGIN SOLUTION
        now = time.monotonic()
        self.tokens = min(self.max_tokens, self.tokens + (now - self.counted_at) * self.rate)
        self.counted_at = now
        ### END SOLUTION

    async def acquire(self) -> None:
        """Take one token, first sleeping until there is one."""
        # One caller at a time: refill; while there is less than one token, sleep just
        # long enough for the missing part to drip in, then refill again; take the token.
        ### BEGIN SOLUTION
        async with self.lock:
            self._refill()
            while self.tokens < 1:
                await asyncio.sleep((1 - self.tokens) / self.rate)
                self._refill()
            self.tokens -= 1
        ### END SOLUTION