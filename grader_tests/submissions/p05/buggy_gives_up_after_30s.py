# expect: p05_test_no_needless_wait
# Red-team pass 20: acquire() gives up (TimeoutError, like an HTTP 429) when its wait would pass 30 s:
# with a backlog of 40 callers on a rate-1/s bucket, 11 of them raise instead of being admitted.
# The statement says acquire() waits until there is a token, with no deadline. The longest wait
# of any P05 scenario was ~5.75 s (15/15); p05_test_no_needless_wait now gives a bucket refilled
# at 1e-9 tokens per second, on its first seed, whose waiters wait 10**9 and 2 x 10**9 s.
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
        self.tokens = min(self.max_tokens, self.tokens + (now - self.counted_at) * self.rate)
        self.counted_at = now

    async def acquire(self):
        # a request that would wait more than 30 s gives up (like an HTTP 429)
        async with asyncio.timeout(30):
            async with self.lock:
                self._refill()
                while self.tokens < 1:
                    await asyncio.sleep((1 - self.tokens) / self.rate)
                    self._refill()
                self.tokens -= 1
