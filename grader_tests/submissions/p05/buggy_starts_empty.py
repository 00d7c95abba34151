# expect: p05_test_visible p05_test_burst p05_test_no_needless_wait
# The bucket starts empty: no burst at first, every request waits for its token.
import asyncio
import time


class TokenBucket:
    def __init__(self, rate, max_tokens):
        self.rate, self.max_tokens = rate, max_tokens
        self.tokens = 0.0
        self.counted_at = time.monotonic()
        self.lock = asyncio.Lock()

    def _refill(self):
        now = time.monotonic()
        self.tokens = min(self.max_tokens, self.tokens + (now - self.counted_at) * self.rate)
        self.counted_at = now

    async def acquire(self):
        async with self.lock:
            self._refill()
            while self.tokens < 1:
                await asyncio.sleep((1 - self.tokens) / self.rate)
                self._refill()
            self.tokens -= 1
