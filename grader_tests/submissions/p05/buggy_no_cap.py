# expect: p05_test_rate p05_test_idle_refill
# Forgets the cap: idle time piles up more than max_tokens tokens, and then a burst
# larger than the bucket goes through.
import asyncio
import time


class TokenBucket:
    def __init__(self, rate, max_tokens):
        self.rate, self.max_tokens = rate, max_tokens
        self.tokens = float(max_tokens)
        self.counted_at = time.monotonic()
        self.lock = asyncio.Lock()

    def _refill(self):
        now = time.monotonic()
        self.tokens += (now - self.counted_at) * self.rate
        self.counted_at = now

    async def acquire(self):
        async with self.lock:
            self._refill()
            while self.tokens < 1:
                await asyncio.sleep((1 - self.tokens) / self.rate)
                self._refill()
            self.tokens -= 1
