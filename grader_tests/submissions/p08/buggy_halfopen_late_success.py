# expect: p08_test_rejects_open
# BUG: a success "while half-open" closes the circuit, whether or not this call was the trial.
# A call let through while closed that is still running when the timeout passes, and succeeds
# then, closes the circuit (statement: "Only the trial call can close it"); if the trial is
# running at that moment, it also lets the next callers through while the trial still runs.
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
        if self.state != "open":  # closed, or half-open: the service answered, so it is back
            self._failures = 0
            self._opened_at = None
        return result
