# expect: p05_test_visible p05_test_burst p05_test_no_needless_wait p05_test_idle_refill
# A leaky bucket: every request is spaced 1/rate after the previous one, so there is
# never a burst, even after a long idle period.
import asyncio
import time


class TokenBucket:
    def __init__(self, rate, max_tokens):
        self.interval = 1 / rate
        self.next_slot = time.monotonic()
        self.lock = asyncio.Lock()

    async def acquire(self):
        async with self.lock:
            now = time.monotonic()
            if self.next_slot > now:
                await asyncio.sleep(self.next_slot - now)
            self.next_slot = max(now, self.next_slot) + self.interval
