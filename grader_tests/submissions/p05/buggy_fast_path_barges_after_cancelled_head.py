# expect: p05_test_fifo
# (Was correct_fast_path_when_idle; red-team pass 35, P05.) A fast path that trusts `not lock.locked()`
# to mean "nobody waits": a caller takes a token without the lock when nobody holds it. But
# asyncio.Lock.release() clears locked() at once and only schedules the next waiter, so for one instant
# the lock reads free while callers still queue for it. When the head of the line is cancelled at the
# instant its token comes due, it releases the lock with that token in the bucket, and a newcomer calling
# acquire() in that instant takes it ahead of the callers already waiting: not served in order.
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
        if not self.lock.locked():
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
