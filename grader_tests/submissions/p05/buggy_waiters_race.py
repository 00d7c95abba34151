# expect: p05_test_fifo
# No lock and no reservation: every waiter sleeps until the next token is due, and all
# of them wake together and race for it, so a late caller can overtake an early one.
import asyncio
import time


class TokenBucket:
    def __init__(self, rate, max_tokens):
        self.rate, self.max_tokens = rate, max_tokens
        self.tokens = float(max_tokens)
        self.counted_at = time.monotonic()

    def _refill(self):
        now = time.monotonic()
        self.tokens = min(self.max_tokens, self.tokens + (now - self.counted_at) * self.rate)
        self.counted_at = now

    async def acquire(self):
        while True:
            self._refill()
            if self.tokens >= 1:
                self.tokens -= 1
                return
            await asyncio.sleep((1 - self.tokens) / self.rate)
