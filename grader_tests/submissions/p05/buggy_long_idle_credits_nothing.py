# expect: p05_test_idle_refill
# Red-team pass 22: had 15/15 (the longest idle in any check was 400 s).
# P05 finding: a bucket that distrusts long gaps: an idle period of more than an hour is taken for a
# clock jump (a laptop suspended) and credits no tokens at all.
# Broken promise: "a long idle refills to max_tokens, never beyond": after an idle hour and a bit,
# a drained bucket admits no burst (max_tokens requests at once) but one request per 1/rate.
# Score obtained: 15/15.   Fair: p05_test_idle_refill should fail (13/15).
# Why missed: the longest idle period of any P05 check is 400 s (p05_test_idle_refill); the
# 10**9 s waits of p05_test_no_needless_wait are waits inside acquire(), not idle time. An idle
# period of hours (or 10**9 s on seed 0) before the burst would catch it.
import asyncio
import time

MAX_GAP = 3600.0   # a gap longer than this is a clock jump, not time that earned tokens


class TokenBucket:
    def __init__(self, rate: float, max_tokens: int) -> None:
        self.rate = rate
        self.max_tokens = max_tokens
        self.tokens = float(max_tokens)
        self.counted_at = time.monotonic()
        self.lock = asyncio.Lock()

    def _refill(self, after_own_sleep: bool = False) -> None:
        now = time.monotonic()
        elapsed = now - self.counted_at
        if elapsed > MAX_GAP and not after_own_sleep:
            elapsed = 0.0   # clock jump: credit nothing (a gap we slept through ourselves is real)
        self.tokens = min(self.max_tokens, self.tokens + elapsed * self.rate)
        self.counted_at = now

    async def acquire(self) -> None:
        async with self.lock:
            self._refill()
            while self.tokens < 1:
                await asyncio.sleep((1 - self.tokens) / self.rate)
                self._refill(after_own_sleep=True)
            self.tokens -= 1
