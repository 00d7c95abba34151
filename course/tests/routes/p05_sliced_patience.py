# baseline: p05_sliced_patience_baseline.py
# Route (red-team rt67): the baseline's impatient waiter (gives up after a day of virtual time), its day
# waited in 1 s slices (looked at after each) instead of one: no real clock at all. A check that holds
# what it waits for 10**9 s follows a waiter that wakes often only as far as let_time_pass's 5,000-step
# budget (~4,000 to 8,000 virtual s of 1 s polls), so the day's deadline never comes while it looks.
import asyncio
import time

PATIENCE = 86400.0  # a day of waiting, then give up
POLL = 1.0


class TokenBucket:
    def __init__(self, rate: float, max_tokens: int) -> None:
        self.rate = rate
        self.max_tokens = max_tokens
        self.tokens = float(max_tokens)
        self.counted_at = time.monotonic()
        self.lock = asyncio.Lock()

    def _refill(self) -> None:
        now = time.monotonic()
        self.tokens = min(self.max_tokens, self.tokens + (now - self.counted_at) * self.rate)
        self.counted_at = now

    async def acquire(self) -> None:
        began = time.monotonic()
        async with self.lock:
            self._refill()
            while self.tokens < 1:
                if time.monotonic() - began > PATIENCE:
                    raise TimeoutError("waited too long for a token")
                await asyncio.sleep(min((1 - self.tokens) / self.rate, POLL))
                self._refill()
            self.tokens -= 1
