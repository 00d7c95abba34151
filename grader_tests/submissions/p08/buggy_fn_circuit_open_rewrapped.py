# expect: p08_test_errors_reach_caller
# Counts every exception fn raises (right), but wraps a CircuitOpenError raised by fn itself (a
# breaker of its own inside fn) in a new CircuitOpenError, "raised from" fn's: the caller no longer
# gets the very exception fn raised. (Red-team pass 31, builder's own member of the kind "fn's
# CircuitOpenError handled apart": fn's errors in fn_errors_reach_the_caller now include
# CircuitOpenError; before, it had 20/20.)
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
            raise CircuitOpenError(f"the circuit is {state}: call rejected without trying it")
        trial = state == "half-open"
        if trial:
            self._trial_running = True
        try:
            result = await fn(*args)
        except Exception as exc:
            if trial:
                self._opened_at = time.monotonic()
            elif self._opened_at is None:
                self._failures += 1
                if self._failures >= self.threshold:
                    self._opened_at = time.monotonic()
            if isinstance(exc, CircuitOpenError):
                raise CircuitOpenError(f"the service's own breaker rejected the call: {exc}") from exc
            raise
        finally:
            if trial:
                self._trial_running = False
        if trial or self._opened_at is None:
            self._failures = 0
            self._opened_at = None
        return result
