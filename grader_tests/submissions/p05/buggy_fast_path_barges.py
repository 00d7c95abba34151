# expect: p05_test_fifo
# A "fast path" outside the lock: a caller that finds a whole token takes it at once, without
# queueing behind the callers already waiting in the lock. A newcomer that arrives when the
# next token is due (before the sleeping waiter's timer callback has run) takes that token,
# and the earlier waiter sleeps one more interval: callers are not served in the order they
# called acquire(). From red-team pass 16: it had full marks (no FIFO scenario had a caller
# arrive at the instant a token came due, while others waited).
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
        # fast path: a token is there, take it without queueing for the lock
        self._refill()
        if self.tokens >= 1:
            self.tokens -= 1
            return
        async with self.lock:
            self._refill()
            while self.tokens < 1:
                await asyncio.sleep((1 - self.tokens) / self.rate)
                self._refill()
            self.tokens -= 1
