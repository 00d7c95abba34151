# expect: full marks
# Red-team pass 39 (attacker T: the checks' loop ran an executor call at once, its future already done): see
# below. Scored before the fix as the first comment lines say; now graded as the same code with an async call.
# P05 finding: a CORRECT token bucket that counts tokens exactly with fractions.Fraction loses every point.
# Score now: 0/15 (every test cell fails with "TypeError: delay must be a number of seconds (an int or a
#   float), not Fraction"). Fair score: 15/15.
# Why it is correct: the reference algorithm (lock, refill, sleep for the missing part, take a token), with
#   tokens, rate and timestamps held as exact Fractions (Fraction(time.monotonic()) is exact), so no float
#   remainder ever appears. asyncio.sleep(Fraction(1, 10)) works on a real event loop on 3.11, 3.12 and
#   3.13: asyncio.sleep only does `delay <= 0` and loop.call_later does `self.time() + delay` (float +
#   Fraction -> float). Run on asyncio.run it admits at [0, 0, 0, 0.1, 0.2, 0.3] for rate 10, 3 tokens.
# Mechanism: the virtual loop's _seconds() (course/testing/_loop.py) accepts only int/float (subclasses read
#   through the base type) and raises TypeError for any other number, which real asyncio accepts.
#   Control: the same file with `asyncio.sleep(float(...))` scores 15/15, so the delay's type alone costs 15.
# Suggested fix: in _seconds, accept numbers.Real (not bool? as asyncio does) by converting with
import asyncio
import time
from fractions import Fraction


class TokenBucket:
    """Admit `rate` requests per second on average, in bursts of up to `max_tokens`.

    Tokens are counted exactly, as fractions: no float remainder ever makes a caller wait
    for 1e-17 of a token, and no rounding ever admits one early."""

    def __init__(self, rate: float, max_tokens: int) -> None:
        self.rate = Fraction(rate)
        self.max_tokens = Fraction(max_tokens)
        self.tokens = Fraction(max_tokens)
        self.counted_at = Fraction(time.monotonic())
        self.lock = asyncio.Lock()

    def _refill(self) -> None:
        now = Fraction(time.monotonic())
        self.tokens = min(self.max_tokens, self.tokens + (now - self.counted_at) * self.rate)
        self.counted_at = now

    async def acquire(self) -> None:
        async with self.lock:
            self._refill()
            while self.tokens < 1:
                await asyncio.sleep((1 - self.tokens) / self.rate)  # an exact Fraction of a second
                self._refill()
            self.tokens -= 1
