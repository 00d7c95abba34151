# BUG (an impatient waiter): it gives up after waiting PATIENCE seconds (a day, virtual time), where the
# contract says it waits however long it takes. It waits in slices of POLL s: here one slice, the whole day.
import asyncio
import time

PATIENCE = 86400.0  # a day of waiting, then give up
POLL = PATIENCE


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
        began = time.monotonic()
        async with self.lock:
            self._refill()
            while self.tokens < 1:
                if time.monotonic() - began > PATIENCE:
                    raise TimeoutError("waited too long for a token")
                await asyncio.sleep(min((1 - self.tokens) / self.rate, POLL))
                self._refill()
            self.tokens -= 1
