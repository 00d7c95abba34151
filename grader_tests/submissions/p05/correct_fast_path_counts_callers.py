# expect: full marks
# A fast path that is fair: a caller takes a token without the lock only when no caller at all is in
# the slow path (the bucket's own count of callers between entering it and leaving it, holding the lock
# or queued for it, cancelled ones counted out in a `finally`); otherwise it queues behind them.
import asyncio
import time


class TokenBucket:
    def __init__(self, rate, max_tokens):
        self.rate, self.max_tokens = rate, max_tokens
        self.tokens = float(max_tokens)
        self.counted_at = time.monotonic()
        self.lock = asyncio.Lock()
        self.in_line = 0  # callers in the slow path: holding the lock or waiting for it

    def _refill(self):
        now = time.monotonic()
        self.tokens = min(self.max_tokens, self.tokens + (now - self.counted_at) * self.rate)
        self.counted_at = now

    async def acquire(self):
        if self.in_line == 0:
            self._refill()
            if self.tokens >= 1:
                self.tokens -= 1
                return
        self.in_line += 1
        try:
            async with self.lock:
                self._refill()
                while self.tokens < 1:
                    await asyncio.sleep((1 - self.tokens) / self.rate)
                    self._refill()
                self.tokens -= 1
        finally:
            self.in_line -= 1
