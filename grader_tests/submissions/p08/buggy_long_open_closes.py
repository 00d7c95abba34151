# expect: p08_test_one_trial p08_test_trial_outcome
# Broken promise: "once timeout seconds have passed since it opened, the breaker lets ONE trial
# call through. Everyone else who calls meanwhile is still rejected at once"; "Only the trial call
# can close it." This breaker forgets an open circuit that has sat untouched for more than 5 x
# timeout: state then reads "closed" and every caller goes through to the (maybe still sick)
# service at once, with no trial. The checks used to probe the half-open state at most ~timeout + 1
# ms after the opening (or the failed trial); caught on seed 0 by exactly_one_trial
# (p08_test_one_trial: each circuit left open 10**9 s before the state is read and the callers
# come) and trial_decides (p08_test_trial_outcome: 10**9 s after a failed trial the state must
# still read "half-open").
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
        self._forget_stale()
        if self._opened_at is None:
            return "closed"
        if time.monotonic() - self._opened_at < self.timeout:
            return "open"
        return "half-open"

    async def call(self, fn, *args):
        state = self.state
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
