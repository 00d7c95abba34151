# expect: p08_test_one_trial
# Computes the state from the clock, but has no trial mark: every call made in half-open
# state goes through.
import time


class CircuitOpenError(RuntimeError):
    pass


class CircuitBreaker:
    def __init__(self, threshold=3, timeout=0.1):
        self.threshold, self.timeout = threshold, timeout
        self.failures, self.opened_at = 0, None

    @property
    def state(self):
        if self.opened_at is None:
            return "closed"
        return "open" if time.monotonic() - self.opened_at < self.timeout else "half-open"

    async def call(self, fn, *args):
        state = self.state
        if state == "open":
            raise CircuitOpenError("open")
        try:
            result = await fn(*args)
        except Exception:
            if state == "half-open":
                self.opened_at = time.monotonic()
            elif self.opened_at is None:
                self.failures += 1
                if self.failures >= self.threshold:
                    self.opened_at = time.monotonic()
            raise
        if state == "half-open" or self.opened_at is None:
            self.failures, self.opened_at = 0, None
        return result
