# expect: full marks
# No lock: each caller reserves its token at once (the count may go negative, a debt
# repaid at `rate` per second) and sleeps off its own share outside any lock. Reads the
# loop's clock. Reservations are made in call order, so callers are served in order.
import asyncio


class TokenBucket:
    def __init__(self, rate, max_tokens):
        self._rate = rate
        self._capacity = max_tokens
        self._level = max_tokens
        self._stamp = None

    async def acquire(self):
        now = asyncio.get_running_loop().time()
        if self._stamp is not None:
            self._level = min(self._capacity, self._level + (now - self._stamp) * self._rate)
        self._stamp = now
        self._level -= 1
        if self._level < 0:
            await asyncio.sleep(-self._level / self._rate)
