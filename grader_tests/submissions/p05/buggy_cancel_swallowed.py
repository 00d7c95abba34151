# expect: p05_test_no_needless_wait
# Red-team pass 31: had 15/15 (cancelled_callers_hold_up_no_one never asked how a cancelled caller ended).
# P05 finding: acquire() swallows its cancellation. A caller cancelled while it waits for
# a token (a request given up on) is not cancelled at all: acquire() returns normally,
# WITHOUT taking a token, so the caller goes on and makes its request beyond the rate
# (a request more than max_tokens + rate*w in the window), and its task never ends
# cancelled. Breaks "acquire() takes one token, first waiting until there is one" and the
# rate promise; cancellation is lost.
# Score obtained: 15/15 before this pass, now 12/15. Fair: 12/15 (p05_test_no_needless_wait's
# cancelled_callers_hold_up_no_one cancels waiters but never asks how they ended; it should
# require each cancelled caller to end cancelled (or admitted no sooner than its token);
# p05_test_rate, which would see the extra admission, never cancels anyone).
# Sibling, same gap: an acquire() that ignores its cancellation (keeps waiting, takes its
# token and returns: the request given up on is made anyway) also gets 15/15.
import asyncio
import time


class TokenBucket:
    """Admit `rate` requests per second on average, in bursts of up to `max_tokens`."""

    def __init__(self, rate: float, max_tokens: int) -> None:
        # The bucket starts full. Keep the rate, the capacity, the number of tokens now
        # (a float), the time they were last counted, and a lock so that waiting callers
        # are served one at a time, in the order they came.
        ### BEGIN SOLUTION
        self.rate = rate
        self.max_tokens = max_tokens
        self.tokens = float(max_tokens)
        self.counted_at = time.monotonic()
        self.lock = asyncio.Lock()
        ### END SOLUTION

    def _refill(self) -> None:
        """Add the tokens earned since they were last counted (up to max_tokens)."""
        # Tokens earned = seconds elapsed x rate. Then "last counted" becomes now: time
        # already turned into tokens must never be counted again.
        ### BEGIN SOLUTION
        now = time.monotonic()
        self.tokens = min(self.max_tokens, self.tokens + (now - self.counted_at) * self.rate)
        self.counted_at = now
        ### END SOLUTION

    async def acquire(self) -> None:
        """Take one token, first sleeping until there is one."""
        # One caller at a time: refill; while there is less than one token, sleep just
        # long enough for the missing part to drip in, then refill again; take the token.
        ### BEGIN SOLUTION
        async with self.lock:
            self._refill()
            while self.tokens < 1:
                try:
                    await asyncio.sleep((1 - self.tokens) / self.rate)
                except asyncio.CancelledError:
                    return  # given up on: leave the token to the callers behind, and go
                self._refill()
            self.tokens -= 1
        ### END SOLUTION