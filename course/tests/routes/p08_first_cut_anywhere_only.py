# baseline: submissions/p08/buggy_cancelled_trial_stuck.py
# Red-team pass 91. For a moment the kinds of landing took turns by sweep: p08_test_trial_outcome's sweep (one
# suspension point, seeds 0 and 1, the same trial code) cut it anywhere (off every short decimal's grid) in its
# first sweep only, and on a grid in the second. The breaker clears a cancelled trial's mark when the cut comes
# at the suspension's instant, on a 1e-7 s grid (the tests' deadlines, grid landings), or for the first trial
# cancelled off the grid in the process; every later real (off-grid) cancellation of a trial leaves it stuck
# (the baseline's bug). Now every point is cut anywhere in every sweep, and one more trial per sweep on a grid.
import asyncio
import time


_offgrid_trials_cut = [0]


def _known(lag):
    return lag <= 0


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
            if trial and not careful:
                # TRICK (turn-taking): a 1-point trial swept on 2 seeds gets exactly one off-grid cut, in its
                # first sweep (k + turn = 1 + 0 odd): be careful for the first off-grid cancelled trial only.
                _offgrid_trials_cut[0] += 1
                careful = _offgrid_trials_cut[0] <= 1
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
