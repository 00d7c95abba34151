# expect: p05_test_rate
# Red-team pass 31: had 15/15, now 11/15 (no rate check ever cancelled anyone; the cancellation scenario checked only that the others were not late).
# P05 finding: a caller cancelled while it waits "gives its token back" (tokens += 1), a
# token it never took: the caller behind it is admitted at once instead of when its token
# comes due, so the bucket lets through more than max_tokens + rate*w in a window (rate 10,
# 1 token, 5 requests at t=0, request-1 cancelled at t=0.05 s: request-2 is admitted at
# t=0.05 s, two admissions in 0.05 s where 1.5 are allowed; the reference admits it at 0.1 s).
# Score obtained: 15/15. Fair: 11/15 (p05_test_rate fails; or at least
# p05_test_no_needless_wait, whose cancel scenario checks only that the others are not LATE,
# never that they are not EARLY; p05_test_rate never cancels anyone).
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
                try:
                    await asyncio.sleep((1 - self.tokens) / self.rate)
                except asyncio.CancelledError:
                    self.tokens += 1  # give our token back to the callers behind us
                    raise
                self._refill()
            self.tokens -= 1
        ### END SOLUTION