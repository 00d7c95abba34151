# expect: p05_test_no_needless_wait
# Red-team E: buggy_cancel_swallowed.py plus asyncio.current_task().uncancel() as it swallows the cancellation: the
# checks once learned a caller was cancelled from its task's cancelling(), which uncancel() reset; they now keep their own record.
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
                    # given up on: leave the token to the callers behind, and go (the cancellation is
                    # handled here, so, as asyncio's docs ask of code that suppresses one, uncancel() it)
                    asyncio.current_task().uncancel()
                    return
                self._refill()
            self.tokens -= 1
        ### END SOLUTION