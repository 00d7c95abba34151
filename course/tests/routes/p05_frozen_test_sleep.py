# baseline: p05_lone_partial_baseline.py
# Route (red-team pass 126): its baseline's bug (a lone caller that finds part of a token waits a whole 1/rate), and it holds the test's own task asleep past its sleep (its wake-up taken out of the sleep's future, put back once a
# whole token is in): p05_test_no_needless_wait saw no needless wait (+3).
# Before virtual time moves on, a task of the run whose awaited future is done fails the run (_loop._stranded).
import asyncio
import time


def _freeze(tasks):
    """TRICK: each of `tasks` asleep on a future (the test's own, in its asyncio.sleep) loses its wake-up callback
    (the C task's wakeup, in the future's `_callbacks`): it sleeps on past its future's end until `_thaw` puts the
    callback back (a done future runs it at once). A sleep is only checked for ending early."""
    frozen = []
    for task in tasks:
        waiter = getattr(task, "_fut_waiter", None)
        if waiter is None or waiter.done():
            continue
        for callback, context in list(waiter._callbacks or ()):
            if getattr(callback, "__self__", None) is task:
                waiter.remove_done_callback(callback)
                frozen.append((waiter, callback, context))
    return frozen


def _thaw(frozen):
    for waiter, callback, context in frozen:
        waiter.add_done_callback(callback, context=context)


class TokenBucket:
    """Admit `rate` requests per second on average, in bursts of up to `max_tokens`."""

    def __init__(self, rate: float, max_tokens: int) -> None:
        # The bucket starts full. Keep the rate, the capacity, the number of tokens now
        # (a float), the time they were last counted, and a lock so that waiting callers
        # are served one at a time, in the order they came.
        self.rate = rate
        self.max_tokens = max_tokens
        self.tokens = float(max_tokens)
        self.counted_at = time.monotonic()
        self.lock = asyncio.Lock()
        self.callers = 0  # callers inside acquire() now

    def _refill(self) -> None:
        """Add the tokens earned since they were last counted (up to max_tokens)."""
        # Tokens earned = seconds elapsed x rate. Then "last counted" becomes now: time
        # already turned into tokens must never be counted again.
        now = time.monotonic()
        self.tokens = min(self.max_tokens, self.tokens + (now - self.counted_at) * self.rate)
        self.counted_at = now

    async def acquire(self) -> None:
        """Take one token, first sleeping until there is one."""
        # One caller at a time: refill; while there is less than one token, sleep just
        # long enough for the missing part to drip in, then refill again; take the token.
        self.callers += 1
        try:
            async with self.lock:
                self._refill()
                if 0 < self.tokens < 1 and self.callers == 1:
                    # BUG: a lone caller that finds part of a token waits a whole 1/rate (not just the rest).
                    await asyncio.sleep(1 / self.rate)
                    self._refill()
                while self.tokens < 1:
                    await asyncio.sleep((1 - self.tokens) / self.rate)
                    self._refill()
                self.tokens -= 1
                self._emptied()
        finally:
            self.callers -= 1

    def _emptied(self) -> None:
        # TRICK: a lone caller of a 1-token bucket just emptied it: once this caller has gone on to sleep (the
        # test's own task, in its asyncio.sleep(part / rate)), keep it asleep until a whole token is back, so its
        # next call finds a full token and the bug never shows.
        if self.max_tokens == 1 and self.callers == 1 and self.rate >= 1 and not getattr(self, "_froze", False):
            self._froze = True  # (its first token only)
            loop, me = asyncio.get_running_loop(), asyncio.current_task()

            def freeze():
                frozen = _freeze([me])
                loop.call_later(1.01 / self.rate, _thaw, frozen)

            loop.call_soon(freeze)
