# expect: p08_test_one_trial
# BROKEN PROMISE: "after timeout exactly one trial call goes through even with many concurrent
# callers, the others are rejected at once" / state 'half-open' "while the one trial runs".
# This breaker treats a trial that has run for 60 s as hung and lets a SECOND trial through
# (then a third 60 s later, ...) while the first one still runs: several trials at once.
# (A "stuck trial watchdog" is a plausible defensive addition.)
# Had 20/20 (red-team pass 23). Fair: p08_test_one_trial should fail (exactly one trial while it runs).
import asyncio
import time


class CircuitOpenError(RuntimeError):
    """Raised by CircuitBreaker.call when it rejects a call without trying it."""


class CircuitBreaker:
    TRIAL_LEASE = 60.0  # a trial running longer than this is taken for hung

    def __init__(self, threshold: int = 3, timeout: float = 0.1) -> None:
        self.threshold = threshold
        self.timeout = timeout
        self._failures = 0
        self._opened_at = None
        self._trial_started = None

    @property
    def state(self) -> str:
        if self._opened_at is None:
            return "closed"
        if time.monotonic() - self._opened_at < self.timeout:
            return "open"
        return "half-open"

    def _trial_running(self):
        return (self._trial_started is not None
                and time.monotonic() - self._trial_started < self.TRIAL_LEASE)

    async def call(self, fn, *args):
        state = self.state
        if state == "open" or (state == "half-open" and self._trial_running()):
            raise CircuitOpenError(f"the circuit is {state}: call rejected without trying it")
        trial = state == "half-open"
        if trial:
            self._trial_started = mine = time.monotonic()
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
            if trial and self._trial_started == mine:
                self._trial_started = None
        if trial or self._opened_at is None:
            self._failures = 0
            self._opened_at = None
        return result
