# expect: p05_test_no_needless_wait
# Red-team E (builder's member of the kind): buggy_cancel_ignored.py, and it uncancel()s the cancellation it
# ignores: a caller cancelled while it sleeps for its token keeps waiting, takes its token and returns
# normally, its task's cancelling() back to 0. Only the test's own record of whom it cancelled tells.
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
                    asyncio.current_task().uncancel()
                    continue  # ignores its cancellation: keeps waiting, takes its token, returns
                self._refill()
            self.tokens -= 1
        ### END SOLUTION