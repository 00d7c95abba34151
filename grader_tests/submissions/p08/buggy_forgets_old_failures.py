# expect: p08_test_opens
# Broken promise: "Consecutive failures are counted; a success resets the count. After `threshold`
# failures in a row, the circuit opens." This breaker forgets failures more than 60 s old (a
# rolling window the statement never grants): threshold failures in a row, a minute or more apart,
# never open it, so a service failing every call, but rarely called, is hammered forever. The
# checks' calls used to be at most 0.5 s apart; caught by opens_after_consecutive_failures
# (p08_test_opens), whose calls on seed 0 are 10**9 s apart.
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

    def _forget_stale(self):
        # Failures more than a minute old are no news about the service: forget them.
        if self._opened_at is None and time.monotonic() - self._last_failure > 60.0:
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
                self._forget_stale()
                self._failures += 1
                self._last_failure = time.monotonic()
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
