# p08_client_marks_*'s baseline: every breaker marks the rejections it raises, and a marked CircuitOpenError from
# fn (a nested client's breaker's rejection) is not counted as a failure (the bug of buggy_fn_circuit_open_not_counted).
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
        self._slow = True

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
            error = CircuitOpenError(f"the circuit is {state}: call rejected without trying it")
            if self._slow:
                error.rejection = True
            raise error
        trial = state == "half-open"
        if trial:
            self._trial_running = True
        began = time.monotonic()
        try:
            result = await fn(*args)
        except Exception as error:
            if isinstance(error, CircuitOpenError) and getattr(error, "rejection", False):
                raise  # a rejection, not a failure of the service (bug: a nested breaker's own rejection too)
            if trial:
                self._opened_at = time.monotonic()
            elif self._opened_at is None:
                self._failures += 1
                if self._failures >= self.threshold:
                    self._opened_at = time.monotonic()
            raise
        finally:
            if time.monotonic() > began:
                self._slow = True
            if trial:
                self._trial_running = False
        if trial or self._opened_at is None:
            self._failures = 0
            self._opened_at = None
        return result
