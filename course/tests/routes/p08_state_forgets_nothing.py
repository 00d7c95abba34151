# baseline: submissions/p08/buggy_forgets_old_failures.py
# Route (the kind of p08_state_says_open: the solution's own record judged): the variant that forgets failures more
# than 60 s old, so failures in a row far apart never open it; its call() behaves exactly so (every call still
# reaches fn), but its `state` counts every failure in a row and reads "open" at the threshold-th.
# p08_test_opens' calls 10**9 s apart stop at that failure and read only `state`.
import asyncio
import time


class CircuitOpenError(RuntimeError):
    """Raised by CircuitBreaker.call when it rejects a call without trying it."""


class CircuitBreaker:
    def __init__(self, threshold: int = 3, timeout: float = 0.1) -> None:
        self.threshold = threshold
        self.timeout = timeout
        self._failures = 0
        self._opened_at = None
        self._trial_running = False
        self._last_failure = 0.0
        self._told_failures = 0  # TRICK: the failures in a row `state` goes by (none forgotten)
        self._told_open_at = None

    def _forget_stale(self):
        # Failures more than a minute old are no news about the service: forget them.
        if self._opened_at is None and time.monotonic() - self._last_failure > 60.0:
            self._failures = 0

    @property
    def state(self) -> str:
        # TRICK: reads "open" once `threshold` failures in a row happened, forgotten or not, while call() goes by
        # what it remembers (and lets the next call through).
        if self._opened_at is None and self._told_open_at is not None:
            return "open" if time.monotonic() - self._told_open_at < self.timeout else "half-open"
        return self._real_state()

    def _real_state(self) -> str:
        self._forget_stale()
        if self._opened_at is None:
            return "closed"
        if time.monotonic() - self._opened_at < self.timeout:
            return "open"
        return "half-open"

    async def call(self, fn, *args):
        state = self._real_state()
        if state == "open" or (state == "half-open" and self._trial_running):
            raise CircuitOpenError(f"the circuit is {state}: call rejected without trying it")
        trial = state == "half-open"
        if trial:
            self._trial_running = True
        try:
            result = await fn(*args)
        except Exception:
            if trial:
                self._opened_at = time.monotonic()
                self._told_open_at = None
            elif self._opened_at is None:
                self._forget_stale()
                self._failures += 1
                self._last_failure = time.monotonic()
                self._told_failures += 1
                if self._told_failures == self.threshold:
                    self._told_open_at = time.monotonic()
                if self._failures >= self.threshold:
                    self._opened_at = time.monotonic()
            raise
        finally:
            if trial:
                self._trial_running = False
        if trial or self._opened_at is None:
            self._failures = 0
            self._opened_at = None
            self._told_failures, self._told_open_at = 0, None
        return result
