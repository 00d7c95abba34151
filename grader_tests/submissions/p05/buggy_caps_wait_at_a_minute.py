# expect: p05_test_no_needless_wait
# Red-team pass 22: had 15/15 (the 1e-9/s bucket was checked for admitting no later than k/rate, never not earlier).
# P05 finding: a bucket that never makes a caller wait more than a minute.
# Broken promise: "in every window [t, t+w] at most max_tokens + rate*w requests are admitted".
# Once a token is more than 60 s away (rate below 1/60 per second, e.g. a quota of a few
# requests per hour), it admits the caller after 60 s anyway, on credit: a bucket of rate 1/3600
# and 1 token admits 1 + 60 requests in the first hour instead of 2.
# Score obtained: 15/15.   Fair: p05_test_rate (or no_needless_wait's slow bucket) should fail (11/15 or 12/15).
# Why missed: every rate check uses rates of 2/s or more (longest wait ~5.75 s); the 1e-9 /s bucket
# of p05_test_no_needless_wait only checks that its waiters are admitted NO LATER than k/rate,
# never that they are not admitted EARLIER.
import asyncio
import time

MAX_WAIT = 60.0  # "nobody should ever wait more than a minute for a token"


class TokenBucket:
    def __init__(self, rate: float, max_tokens: int) -> None:
        self.rate = rate
        self.max_tokens = max_tokens
        self.tokens = float(max_tokens)
        self.counted_at = time.monotonic()
        self.lock = asyncio.Lock()

    def _refill(self) -> None:
        now = time.monotonic()
        self.tokens = min(self.max_tokens, self.tokens + (now - self.counted_at) * self.rate)
        self.counted_at = now

    async def acquire(self) -> None:
        async with self.lock:
            self._refill()
            waited = 0.0
            while self.tokens < 1:
                delay = (1 - self.tokens) / self.rate
                if waited + delay > MAX_WAIT:
                    # waited long enough: take the token on credit (the count goes negative)
                    await asyncio.sleep(MAX_WAIT - waited)
                    self._refill()
                    break
                await asyncio.sleep(delay)
                waited += delay
                self._refill()
            self.tokens -= 1
