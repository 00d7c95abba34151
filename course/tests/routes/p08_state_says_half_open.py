# baseline: submissions/p08/buggy_long_open_closes.py
# Route (the solution's own record judged): the baseline forgets an open circuit left untouched for more than
# 5 x timeout and lets every caller through, with no trial; this one behaves the same, but its `state` reads
# "half-open" then, as a circuit waiting for its trial should. p08_test_trial_outcome read only `state` 10**9 s after
# a failed trial, and its next call (a successful trial) goes through either way.
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

    def _forget_stale(self):
        # An open circuit nobody touched for long is stale: start afresh.
        if (self._opened_at is not None and not self._trial_running
                and time.monotonic() - self._opened_at > 5 * self.timeout):
            self._opened_at = None
            self._failures = 0

    @property
    def state(self) -> str:
        # The trick: a stale open circuit is reported as waiting for its trial ("half-open"), as the contract says
        # it should be; call() below forgets it all the same, and lets every caller through.
        if (self._opened_at is not None and not self._trial_running
                and time.monotonic() - self._opened_at > 5 * self.timeout):
            return "half-open"
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
            elif self._opened_at is None:
                self._failures += 1
                if self._failures >= self.threshold:
                    self._opened_at = time.monotonic()
            raise
        finally:
            if trial:
                self._trial_running = False
        if trial or self._opened_at is None:
            self._failures = 0
            self._opened_at = None
        return result
