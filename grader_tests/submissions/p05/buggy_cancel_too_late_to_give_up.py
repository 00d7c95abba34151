# expect: p05_test_no_needless_wait
# Red-team pass 31 (builder's member of the kind): the reference, but a caller cancelled once its
# token has come due (at that very instant, before it ran again) takes the token and returns
# normally, "too late to give up": the request given up on is made anyway, and its task never
# ends cancelled. Cancelled half-way through its wait, it ends cancelled as it should.
import asyncio
import time


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
            while self.tokens < 1:
                try:
                    await asyncio.sleep((1 - self.tokens) / self.rate)
                except asyncio.CancelledError:
                    self._refill()
                    if self.tokens >= 1 - 1e-9:
                        self.tokens -= 1
                        return  # our token is here already: too late to give up
                    raise
                self._refill()
            self.tokens -= 1
