# expect: p05_test_no_needless_wait p05_test_rate p05_test_visible
# The practice page's limiter: after sleeping for a token it sets the count to zero
# but leaves the refill timestamp before the sleep, so the next caller is credited
# again for the time already slept on: after the burst, twice the rate gets through.
import asyncio
import time


class TokenBucket:
    def __init__(self, rate, max_tokens):
        self._rate = rate
        self._max = max_tokens
        self._tokens = max_tokens
        self._last = time.monotonic()
        self._lock = asyncio.Lock()

    async def acquire(self):
        async with self._lock:
            now = time.monotonic()
            self._tokens = min(self._max, self._tokens + (now - self._last) * self._rate)
            self._last = now
            if self._tokens < 1:
                await asyncio.sleep((1 - self._tokens) / self._rate)
                self._tokens = 0
            else:
                self._tokens -= 1
