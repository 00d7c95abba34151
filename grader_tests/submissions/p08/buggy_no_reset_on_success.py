# expect: p08_test_opens
# Counts every failure while closed but never resets the count on a success, so failures
# far apart (with successes between them) open the circuit.
import time


class CircuitOpenError(RuntimeError):
    pass


class CircuitBreaker:
    def __init__(self, threshold=3, timeout=0.1):
        self.threshold, self.timeout = threshold, timeout
        self.failures, self.opened_at, self.trial_running = 0, None, False

    @property
    def state(self):
        if self.opened_at is None:
            return "closed"
        return "open" if time.monotonic() - self.opened_at < self.timeout else "half-open"

    async def call(self, fn, *args):
        state = self.state
        if state == "open" or (state == "half-open" and self.trial_running):
            raise CircuitOpenError(state)
        trial = state == "half-open"
        self.trial_running = self.trial_running or trial
        try:
            result = await fn(*args)
        except Exception:
            if trial:
                self.opened_at = time.monotonic()
            elif self.opened_at is None:
                self.failures += 1
                if self.failures >= self.threshold:
                    self.opened_at = time.monotonic()
            raise
        finally:
            if trial:
                self.trial_running = False
        if trial:
            self.failures, self.opened_at = 0, None
        return result
