# baseline: p05_turn_lost_baseline.py
# Route (red-team pass atk59; a trial that does not happen): the P05 checks reach "a caller cancelled the moment it
# is woken for its turn" (at=None) only through cancel_when_woken, which arms on the future the caller awaits and
# cancels it when that future completes *with a result*: one that ends cancelled disarms it (_loop's cancel_when_done,
# _cancellation.cancel_if_first_woken). This bucket is the baseline's, but hands the turn over by cancelling the
# waiter's future (the waiter tells that from a real cancellation by its task's cancelling()): the armed callers are
# never cancelled, so the at=None scenarios cancel nobody. A real cancellation landing after the hand-over still
# takes the turn with it, as in the baseline: every caller behind waits for ever. The scenarios that cancel at the
# instant the head's token comes due (at=1.0) would land in that window; the turn is handed on 1 us later, so they
# cancel callers still plainly waiting in line (a microsecond is within every bound's slack).
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
        self._handed = set()              # futures cancelled to hand a turn over

    def _refill(self) -> None:
        now = time.monotonic()
        self.tokens = min(self.max_tokens, self.tokens + (now - self.counted_at) * self.rate)
        self.counted_at = now

    def _pass_turn(self) -> None:
        while self._line:
            fut = self._line.popleft()
            if not fut.done():
                self._handed.add(fut)
                fut.cancel()  # its turn (the trick: woken by cancelling its future): _busy stays True
                return
        self._busy = False

    async def _wait_turn(self) -> None:
        fut = asyncio.get_running_loop().create_future()
        self._line.append(fut)
        try:
            await fut
        except asyncio.CancelledError:
            if fut in self._handed:
                self._handed.discard(fut)
                if asyncio.current_task().cancelling() == 0:
                    return  # woken for its turn, not cancelled
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
            # The turn goes on a microsecond later: at the instant a token comes due nobody has been woken yet.
            asyncio.get_running_loop().call_later(1e-6, self._pass_turn)
