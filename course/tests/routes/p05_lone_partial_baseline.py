# p05_frozen_test_sleep's baseline: a lone caller that finds part of a token waits a whole 1/rate.
import asyncio
import time


class TokenBucket:
    """Admit `rate` requests per second on average, in bursts of up to `max_tokens`."""

    def __init__(self, rate: float, max_tokens: int) -> None:
        # The bucket starts full. Keep the rate, the capacity, the number of tokens now
        # (a float), the time they were last counted, and a lock so that waiting callers
        # are served one at a time, in the order they came.
        self.rate = rate
        self.max_tokens = max_tokens
        self.tokens = float(max_tokens)
        self.counted_at = time.monotonic()
        self.lock = asyncio.Lock()
        self.callers = 0  # callers inside acquire() now

    def _refill(self) -> None:
        """Add the tokens earned since they were last counted (up to max_tokens)."""
        # Tokens earned = seconds elapsed x rate. Then "last counted" becomes now: time
        # already turned into tokens must never be counted again.
        now = time.monotonic()
        self.tokens = min(self.max_tokens, self.tokens + (now - self.counted_at) * self.rate)
        self.counted_at = now

    async def acquire(self) -> None:
        """Take one token, first sleeping until there is one."""
        # One caller at a time: refill; while there is less than one token, sleep just
        # long enough for the missing part to drip in, then refill again; take the token.
        self.callers += 1
        try:
            async with self.lock:
                self._refill()
                if 0 < self.tokens < 1 and self.callers == 1:
                    # BUG: a lone caller that finds part of a token waits a whole 1/rate (not just the rest).
                    await asyncio.sleep(1 / self.rate)
                    self._refill()
                while self.tokens < 1:
                    await asyncio.sleep((1 - self.tokens) / self.rate)
                    self._refill()
                self.tokens -= 1
                self._emptied()
        finally:
            self.callers -= 1

    def _emptied(self) -> None:
        pass
