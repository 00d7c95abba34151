# expect: full marks
# Red-team pass 22 (fairness): 9/15 on every Python before the timing checks allowed the loop's 1 us tick.
#
# Why it is correct: GCRA (generic cell rate algorithm), the textbook equivalent of a token
# bucket of max_tokens refilled at `rate`: with emission interval T = 1/rate and burst
# tolerance tau = (max_tokens - 1) * T, request k is admitted at max(arrival, TAT) - tau and
# TAT moves on by T. It starts full (max_tokens pass at once), accrues continuously, never
# beyond max_tokens (TAT never lags "now"), waits exactly as long as needed, and reserves
# slots in call order (FIFO), sleeping with asyncio.sleep on the loop's clock.
#
# Score: 9/15 on .venv (3.11), /tmp/v312 and /tmp/v313:
#   p05_test_burst 0/2: "a new bucket of 8 token(s) admits 8 requests at once -- but the last of
#       them waited 0.0000 s" (seed 0)
#   p05_test_rate 0/4: "rate 50/s with 1 token(s) ... 2 passed between t=0.1200 s and t=0.1400 s
#       (a window of 0.0200 s allows 2.00)"
#
# Why the checks are wrong: admit_at - now is mathematically 0 (burst) or exactly 1/rate after the
# previous admission (rate), but in floats (TAT = start + 0.5 + 0.5 + ..., minus tau) it comes out
# as a positive remainder of ~1e-16 s. The virtual loop turns any positive sleep into at least
# one tick (course/testing/_loop.py: 1 us), the very rule the contract (CURRICULUM, "Virtual time
# must not livelock code that is correct on a real clock ... a positive sleep advances virtual
# time by at least one small tick") introduces to protect such float remainders. The checks'
# tolerances are no larger than that tick: p05_test_burst requires waited <= 1e-6 s (the tick is
# 1e-6 s plus float noise), and p05_test_rate allows 1e-6 *requests* of slack, i.e. 2e-8 s at
# rate 50, so a request admitted one tick late makes the next window 1 us short of 1/rate.
# On a real clock asyncio.sleep(1e-16) fires on the next loop iteration: nobody waited, and no
# more than the rate passed. Proof that the remainder alone is the cause: the same class with
# `while (left := ...) > 1e-9:` instead of `> 0` scores 15/15.
# Suggested fix: make the tolerances of the timing checks exceed the tick (burst: <= 1e-5 s,
# one-waits: > 1e-5 s; rate: j - i + 1 <= max_tokens + rate * (w + 2 * tick) + 1e-6), or have
# sim expose its tick and use it in the bounds.
# P05: GCRA (generic cell rate algorithm): a "theoretical arrival time"; each caller reserves
# its slot at call time (FIFO by construction) and sleeps until its own admission instant,
# read on the loop's clock, in a loop that re-sleeps if woken early. Equivalent to a token
# bucket of max_tokens refilled at rate.
import asyncio


class TokenBucket:
    def __init__(self, rate, max_tokens):
        self.interval = 1.0 / rate
        self.tolerance = (max_tokens - 1) * self.interval
        self.tat = None  # theoretical arrival time of the next request

    async def acquire(self):
        loop = asyncio.get_running_loop()
        now = loop.time()
        tat = now if self.tat is None else max(self.tat, now)
        admit_at = tat - self.tolerance
        self.tat = tat + self.interval
        while (left := admit_at - loop.time()) > 0:
            await asyncio.sleep(left)
