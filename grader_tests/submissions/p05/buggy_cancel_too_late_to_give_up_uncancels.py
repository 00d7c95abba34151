# expect: p05_test_no_needless_wait
# Red-team E: buggy_cancel_too_late_to_give_up.py plus asyncio.current_task().uncancel() as it suppresses the
# cancellation: the checks once learned a caller was cancelled from cancelling(), which uncancel() reset.
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
                        # our token is here already: too late to give up. The cancellation is
                        # suppressed, so (as asyncio's docs ask) uncancel() it
                        asyncio.current_task().uncancel()
                        return
                    raise
                self._refill()
            self.tokens -= 1
