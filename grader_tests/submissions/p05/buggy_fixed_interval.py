# expect: p05_test_no_needless_wait
# A bucket that sleeps a fixed 1/rate whenever it lacks a token, instead of the time the
# missing part of a token takes (the mistake P05's take-aways name: it wastes up to one
# interval per request). From red-team pass 14: it had full marks.
import asyncio
import time


class TokenBucket:
    def __init__(self, rate, max_tokens):
        self.rate = rate
        self.max_tokens = max_tokens
        self.tokens = float(max_tokens)
        self.counted_at = time.monotonic()
        self.lock = asyncio.Lock()

    def _refill(self):
        now = time.monotonic()
        self.tokens = min(self.max_tokens, self.tokens + (now - self.counted_at) * self.rate)
        self.counted_at = now

    async def acquire(self):
        async with self.lock:
            self._refill()
            if self.tokens < 1:
                await asyncio.sleep(1 / self.rate)   # bug: a full interval, whatever part of a token is there
                self._refill()
            self.tokens -= 1
