# baseline: p08_sweep_instant_baseline.py
# Fingerprint variant of routes/p08_sweep_careful_when_instant.py: the cleanup runs only when the time elapsed in the pause is 0 or one of the lag fractions every_suspension can draw (seeds < 200) of its 0.0005 s.
import asyncio
import time
import bisect as _bisect
import random as _random_mod

# Every lag fraction a sweep can draw: 0.05 + 0.9 * random.Random(f"every_suspension lag {seed}").random(),
# for the first 64 suspensions, seeds 0-199 (explore's seeds are 0 .. n-1).
_FRACTIONS = []
for _s in range(200):
    _r = _random_mod.Random(f"every_suspension lag {_s}")
    _FRACTIONS += [0.05 + 0.9 * _r.random() for _ in range(64)]
_FRACTIONS.sort()
del _r, _s


def _swept(elapsed, length):
    """A sweep's cut: none of the suspension elapsed (a pre-trial's instant cut), or a drawn fraction of it."""
    if elapsed == 0:
        return True
    f = elapsed / length
    i = _bisect.bisect_left(_FRACTIONS, f - 1e-7)
    return i < len(_FRACTIONS) and abs(_FRACTIONS[i] - f) < 1e-7



class CircuitOpenError(RuntimeError):
    """Raised by CircuitBreaker.call when it rejects a call without trying it."""


class CircuitBreaker:
    """Fail fast while a dependency is down; after `timeout`, let one trial call through."""

    def __init__(self, threshold: int = 3, timeout: float = 0.1) -> None:
        # Keep the settings, the number of failures in a row, when the circuit opened
        # (None while it is closed), and whether the half-open trial call is running.
        self.threshold = threshold
        self.timeout = timeout
        self._failures = 0
        self._opened_at = None
        self._trial_running = False

    @property
    def state(self) -> str:
        """The state now: "closed", "open", or "half-open" once `timeout` has passed."""
        # Work it out from the clock each time it is read: nothing has to "flip" it.
        if self._opened_at is None:
            return "closed"
        if time.monotonic() - self._opened_at < self.timeout:
            return "open"
        return "half-open"

    async def call(self, fn, *args):
        """Return `await fn(*args)`, or raise CircuitOpenError without calling fn."""
        # 1. Decide, with no `await` in between: reject (open, or a trial is running), or
        #    go ahead; in half-open state this call becomes the trial.
        # 2. Await fn(*args). On an exception: count the failure (or reopen after a failed
        #    trial) and re-raise it. On success: reset the count (and close after a trial).
        state = self.state
        if state == "open" or (state == "half-open" and self._trial_running):
            raise CircuitOpenError(f"the circuit is {state}: call rejected without trying it")
        trial = state == "half-open"
        if trial:
            self._trial_running = True
            t = asyncio.get_running_loop().time()
            try:
                await asyncio.sleep(0.0005)  # bug: a trial cancelled in this pause keeps its mark...
            except asyncio.CancelledError:
                if _swept(asyncio.get_running_loop().time() - t, 0.0005):  # ...unless cut at the instant it paused
                    self._trial_running = False
                raise
        try:
            result = await fn(*args)
        except Exception:
            if trial:
                self._opened_at = time.monotonic()  # open again, for a full timeout
            elif self._opened_at is None:  # a late failure while open changes nothing
                self._failures += 1
                if self._failures >= self.threshold:
                    self._opened_at = time.monotonic()
            raise
        finally:
            if trial:  # however the trial ended (even cancelled), it is over
                self._trial_running = False
        if trial or self._opened_at is None:
            self._failures = 0
            self._opened_at = None
        return result