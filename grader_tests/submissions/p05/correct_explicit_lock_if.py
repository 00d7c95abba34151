# expect: full marks
# Explicit acquire/release of the lock; a single computed sleep, after which the
# token is counted as spent and the refill time moves to the wake-up time.
import asyncio
import time


class TokenBucket:
    def __init__(self, rate, max_tokens):
        self.rate, self.max_tokens = rate, max_tokens
        self.available = max_tokens
        self.last = time.monotonic()
        self._mutex = asyncio.Lock()

    async def acquire(self):
        await self._mutex.acquire()
        try:
            now = time.monotonic()
            self.available = min(self.max_tokens, self.available + (now - self.last) * self.rate)
            self.last = now
            if self.available >= 1:
                self.available -= 1
                return
            wait = (1 - self.available) / self.rate
            await asyncio.sleep(wait)
            self.available = 0
            self.last = now + wait
        finally:
            self._mutex.release()
