# expect: p08_test_visible p08_test_errors_reach_caller
# A correct breaker in every respect but one: the failure that trips the circuit reaches its
# caller as CircuitOpenError("failure threshold reached"), chained from fn's exception, instead
# of fn's exception itself. Opening, rejecting, the single trial and its outcome all work.
import asyncio


class CircuitOpenError(RuntimeError):
    pass


class CircuitBreaker:
    def __init__(self, threshold=3, timeout=0.1):
        self.threshold, self.timeout = threshold, timeout
        self.failures = 0
        self.opened_at = None
        self.trial = False

    def _now(self):
        return asyncio.get_running_loop().time()

    @property
    def state(self):
        if self.opened_at is None:
            return "closed"
        return "open" if self._now() - self.opened_at < self.timeout else "half-open"

    async def call(self, fn, *args):
        state = self.state
        if state == "open" or (state == "half-open" and self.trial):
            raise CircuitOpenError(f"circuit {state}")
        is_trial = state == "half-open"
        self.trial = self.trial or is_trial
        try:
            result = await fn(*args)
        except Exception as exc:
            if is_trial:
                self.opened_at = self._now()
            elif self.opened_at is None:
                self.failures += 1
                if self.failures >= self.threshold:
                    self.opened_at = self._now()
                    raise CircuitOpenError("failure threshold reached") from exc
            raise
        finally:
            if is_trial:
                self.trial = False
        if is_trial or self.opened_at is None:  # a late success while open changes nothing
            self.failures = 0
            self.opened_at = None
        return result
