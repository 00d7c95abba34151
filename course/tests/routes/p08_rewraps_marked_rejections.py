# baseline: submissions/p08/buggy_fn_circuit_open_rewrapped.py
# Route (red-team pass 121): wraps fn's CircuitOpenError in a new one (the caller never gets fn's exception) only
# when the solution's constructor made it: p08_test_errors_reach_caller made fn's CircuitOpenErrors with
# RuntimeError.__new__/__init__, so the test's passed through unchanged (18/20 -> 20/20). Now fn's is a real
# rejection of a breaker of the solution's own class, made in fn as it raises it.
import asyncio
import time


class CircuitOpenError(RuntimeError):
    """Raised by CircuitBreaker.call when it rejects a call without trying it."""

    def __init__(self, *args):
        super().__init__(*args)
        self.rejection = True  # every CircuitOpenError made through the constructor is a breaker's rejection


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
            if isinstance(exc, CircuitOpenError) and getattr(exc, "rejection", False):
                raise CircuitOpenError(f"the service's own breaker rejected the call: {exc}") from exc
            raise
        finally:
            if trial:
                self._trial_running = False
        if trial or self._opened_at is None:
            self._failures = 0
            self._opened_at = None
        return result
