# expect: p05_test_fifo
# A fast path that checks its own count, but of the wrong callers: a caller takes a token without the
# lock when no caller is asleep waiting for a token. The callers queued for the lock behind the sleeper
# are not counted: when the sleeping head of the line is cancelled at the instant its token comes due,
# the count drops to 0 with that token in the bucket, and a newcomer calling acquire() in that instant
# takes it ahead of the callers already waiting: not served in order.
import asyncio
import time


class TokenBucket:
    def __init__(self, rate, max_tokens):
        self.rate, self.max_tokens = rate, max_tokens
        self.tokens = float(max_tokens)
        self.counted_at = time.monotonic()
        self.lock = asyncio.Lock()
        self.sleeping = 0

    def _refill(self):
        now = time.monotonic()
        self.tokens = min(self.max_tokens, self.tokens + (now - self.counted_at) * self.rate)
        self.counted_at = now

    async def acquire(self):
        if self.sleeping == 0 and not self.lock.locked():
            self._refill()
            if self.tokens >= 1:
                self.tokens -= 1
                return
        async with self.lock:
            self._refill()
            while self.tokens < 1:
                self.sleeping += 1
                try:
                    await asyncio.sleep((1 - self.tokens) / self.rate)
                finally:
                    self.sleeping -= 1
                self._refill()
            self.tokens -= 1
