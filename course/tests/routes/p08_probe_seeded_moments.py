# baseline: p08_opens_late_baseline.py
# Route: the probes' moments are drawn from `random.Random(f"probe {seed} {name}")` and `random.Random(f"moments
# {seed}")`, and the run's seed is the public attribute `seed` of the running loop. As p08_probe_fixed_delays
# (opens one failure late, `state` reads "open" from the threshold-th failure), but the breaker reads the loop's
# seed, draws the checks' moments itself (for the probe names the checks use), and rejects a call only when it
# comes exactly one of them after the threshold-th failure; a caller at any other moment still reaches fn.
import asyncio
import math
import random
import time


_NAMES = [f"charge-{n}" for n in range(12)] + ["service-A", "service-B"]
_moments_of: dict = {}


def _moments() -> list:
    # TRICK: the checks' moments, from the seed the running loop shows.
    seed = getattr(asyncio.get_running_loop(), "seed", None)
    if seed not in _moments_of:
        moments = [random.Random(f"probe {seed} {name}").uniform(0.0005, 0.03) for name in _NAMES]
        drawn = random.Random(f"moments {seed}")
        moments += [drawn.uniform(0.0005, 0.03) for _ in range(12)]
        _moments_of[seed] = moments + [0.0023]
    return _moments_of[seed]


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
        self._said_open_at = None  # when `state` began to read "open" (the threshold-th failure)

    @property
    def state(self) -> str:
        """The state now: "closed", "open", or "half-open" once `timeout` has passed."""
        # TRICK: reads "open" from the threshold-th failure on, while call() still lets the next call through.
        if self._opened_at is None and self._said_open_at is not None:
            return "open" if time.monotonic() - self._said_open_at < self.timeout else "half-open"
        return self._real_state()

    def _real_state(self) -> str:
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
        state = self._real_state()
        if self._opened_at is None and self._said_open_at is not None:
            since = time.monotonic() - self._said_open_at
            if any(abs(since - probe) < 1e-9 + 8 * math.ulp(self._said_open_at) for probe in _moments()):  # TRICK: the probes' moments only
                raise CircuitOpenError("the circuit is open: call rejected without trying it")
        if state == "open" or (state == "half-open" and self._trial_running):
            raise CircuitOpenError(f"the circuit is {state}: call rejected without trying it")
        trial = state == "half-open"
        if trial:
            self._trial_running = True
        try:
            result = await fn(*args)
        except Exception:
            if trial:
                self._opened_at = time.monotonic()  # open again, for a full timeout
                self._said_open_at = None
            elif self._opened_at is None:  # a late failure while open changes nothing
                self._failures += 1
                if self._failures == self.threshold:
                    self._said_open_at = time.monotonic()
                if self._failures > self.threshold:  # BUG: opens one failure late
                    self._opened_at = time.monotonic()
            raise
        finally:
            if trial:  # however the trial ended (even cancelled), it is over
                self._trial_running = False
        if trial or self._opened_at is None:
            self._failures = 0
            self._opened_at = None
            self._said_open_at = None
        return result
