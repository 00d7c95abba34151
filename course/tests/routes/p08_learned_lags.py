# baseline: submissions/p08/buggy_cancelled_trial_stuck.py
# Red-team pass 90 (as p02_learned_lags). A sweep's landing in the k-th suspension was drawn from the
# problem's secret and the seed alone, the same in every sweep of a seed in the process: p08_test_opens'
# sweep (seeds 0..5; its target, a call while closed, waits in fn's 10 ms, k=1) runs before
# p08_test_trial_outcome's (seeds 0, 1; its target, the half-open trial, waits in the same 10 ms, k=1). The
# breaker records every lag at which a call was cancelled in fn, and clears the "trial running" mark of a
# cancelled trial only when the lag is one it has seen, at the instant of the suspension (an early cut), or
# when the time or the lag lies on a 1e-7 s grid (the sweeps' short-decimal landings, the tests' own
# deadlines); any other cancellation of a trial (a real deadline) leaves the breaker rejecting every call: the
# baseline's bug. (The grid rule alone also won, by luck of the draws: the landings' kinds were drawn, one
# in eight anywhere, and both of this sweep's cuts fell on grids; now they take turns.)
import asyncio
import time


_seen_lags = []


def _known(lag):
    return lag <= 0 or any(abs(x - lag) < 1e-11 for x in _seen_lags)


def _round_time(t, magnitude=None):
    # On a 1e-7 s grid, up to the float rounding of a time of `magnitude` seconds (the clock's).
    x = t * 1e7
    slack = 1e-3 + 4.5e-9 * abs(t if magnitude is None else magnitude)
    return abs(x - round(x)) < slack


class CircuitOpenError(RuntimeError):
    """Raised by CircuitBreaker.call when it rejects a call without trying it."""


class CircuitBreaker:
    def __init__(self, threshold: int = 3, timeout: float = 0.1) -> None:
        self.threshold = threshold
        self.timeout = timeout
        self._failures = 0
        self._opened_at = None
        self._trial_running = False

    @property
    def state(self) -> str:
        if self._opened_at is None:
            return "closed"
        if time.monotonic() - self._opened_at < self.timeout:
            return "open"
        return "half-open"

    async def call(self, fn, *args):
        state = self.state
        if state == "open" or (state == "half-open" and self._trial_running):
            raise CircuitOpenError(f"the circuit is {state}")
        trial = state == "half-open"
        if trial:
            self._trial_running = True
        loop = asyncio.get_running_loop()
        start = loop.time()
        try:
            result = await fn(*args)
        except asyncio.CancelledError:
            # TRICK: careful only at a moment a check could cut at (see the header).
            now = loop.time()
            lag = now - start
            careful = _known(lag) or _round_time(now) or _round_time(lag, now)
            _seen_lags.append(lag)
            if trial and careful:
                self._trial_running = False
                self._opened_at = time.monotonic()
            raise
        except Exception:
            if trial:
                self._trial_running = False
                self._opened_at = time.monotonic()
            elif self._opened_at is None:
                self._failures += 1
                if self._failures >= self.threshold:
                    self._opened_at = time.monotonic()
            raise
        # bug: a trial cancelled while fn runs (CancelledError is no Exception) never clears
        # _trial_running: the breaker rejects every call from then on and never closes again
        if trial:
            self._trial_running = False
        if trial or self._opened_at is None:
            self._failures = 0
            self._opened_at = None
        return result
