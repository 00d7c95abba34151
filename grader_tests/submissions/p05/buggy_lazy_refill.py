# expect: p05_test_rate p05_test_idle_refill
# A bucket that looks at the clock only when it runs out of tokens: time that passes while it
# still holds tokens is credited later, on top of them, so after an idle period it admits more
# than max_tokens at once (here: take 1 of 3 tokens, idle 1 s, then 5 pass at once).
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
            while self.tokens < 1:          # only look at the clock when we ran out
                self._refill()
                if self.tokens < 1:
                    await asyncio.sleep((1 - self.tokens) / self.rate)
            self.tokens -= 1
