# A bucket that serves its callers one at a time by handing the turn on: a caller that finds another at work waits
# on a future of its own, in line, and the caller that took its token wakes the next one (set_result). BUG: a caller
# woken for its turn and cancelled before it runs again takes the turn with it: nobody is woken after it, and every
# caller behind it waits for ever.
import asyncio
import collections
import time


class TokenBucket:
    def __init__(self, rate: float, max_tokens: int) -> None:
        self.rate = rate
        self.max_tokens = max_tokens
        self.tokens = float(max_tokens)
        self.counted_at = time.monotonic()
        self._line = collections.deque()  # futures of callers waiting for their turn
        self._busy = False                # a caller has the turn

    def _refill(self) -> None:
        now = time.monotonic()
        self.tokens = min(self.max_tokens, self.tokens + (now - self.counted_at) * self.rate)
        self.counted_at = now

    def _pass_turn(self) -> None:
        while self._line:
            fut = self._line.popleft()
            if not fut.done():
                fut.set_result(None)  # its turn: it runs with _busy still True
                return
        self._busy = False

    async def _wait_turn(self) -> None:
        fut = asyncio.get_running_loop().create_future()
        self._line.append(fut)
        try:
            await fut
        except asyncio.CancelledError:
            if fut in self._line:
                self._line.remove(fut)  # cancelled while waiting in line: it leaves the line
            # BUG: cancelled once its turn was handed to it, it does not pass the turn on
            raise

    async def acquire(self) -> None:
        if self._busy or self._line:
            await self._wait_turn()
        self._busy = True
        try:
            self._refill()
            while self.tokens < 1:
                await asyncio.sleep((1 - self.tokens) / self.rate)
                self._refill()
            self.tokens -= 1
        finally:
            self._pass_turn()
