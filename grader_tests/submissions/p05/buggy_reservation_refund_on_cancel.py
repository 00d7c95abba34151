# expect: p05_test_rate p05_test_fifo
# Red-team pass 31 (builder's member of the kind): correct_reservation.py whose caller, cancelled
# while it sleeps off its debt, gives its reservation back (level += 1). The callers behind it
# keep the admission times they reserved, so the slot it frees goes to the next caller to come,
# on top of tokens already promised: beyond max_tokens in a window (a bucket of 1 cannot bank an
# unused slot), and that newcomer overtakes callers that asked before it.
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
            try:
                await asyncio.sleep(-self._level / self._rate)
            except asyncio.CancelledError:
                self._level += 1  # give the reservation back
                raise
