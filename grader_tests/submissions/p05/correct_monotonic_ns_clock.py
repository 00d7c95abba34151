# expect: full marks
# Red-team pass 39 (attacker T: the checks' loop ran an executor call at once, its future already done): see
# below. Scored before the fix as the first comment lines say; now graded as the same code with an async call.
# P05 finding (fairness, at the edge of the contract's letter): a CORRECT token bucket that reads the clock with
# time.monotonic_ns() (integer nanoseconds, exact arithmetic, no float drift) loses every point and costs the
# grader a 30 s timeout.
# Score now: 0/15 ("8 requests at once finish by 0.500 s, but they took 305.65 s"; "0 of 5 requests passed at
#   once" after the idle; p05_test_fifo: "Time limit: P05's checks were stopped after 30 s"). Fair score: 15/15.
# Why it is correct: the reference algorithm with the clock read as Fraction(time.monotonic_ns(), 10**9):
#   time.monotonic_ns() is the very clock of time.monotonic(), in ns (Python docs: "Similar to monotonic(),
#   but return time as nanoseconds"). On asyncio.run it admits at [0, 0, 0, 0.1, 0.2, 0.3] (rate 10, 3 tokens).
#   The contract says a solution may read the clock with time.monotonic() or loop.time(); this is
#   time.monotonic's own ns variant (strictly, outside the letter: the instructors should say which).
# Mechanism: course/testing/_isolation.py patches time.monotonic, perf_counter, time and sleep only
#   (_REAL = {monotonic, perf_counter, time, sleep}); monotonic_ns / perf_counter_ns / time_ns read the real
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
        self.counted_at = Fraction(time.monotonic_ns(), 10**9)
        self.lock = asyncio.Lock()

    def _refill(self) -> None:
        now = Fraction(time.monotonic_ns(), 10**9)
        self.tokens = min(self.max_tokens, self.tokens + (now - self.counted_at) * self.rate)
        self.counted_at = now

    async def acquire(self) -> None:
        async with self.lock:
            self._refill()
            while self.tokens < 1:
                await asyncio.sleep(float((1 - self.tokens) / self.rate))
                self._refill()
            self.tokens -= 1
