# expect: p08_test_one_trial (honest baseline: the trial lock makes callers queue)
# Guards the half-open trial with a lock that the other callers *wait* on: they queue
# behind the trial instead of failing fast, then go through once it has closed the circuit.
import asyncio
import time


class CircuitOpenError(RuntimeError):
    pass


class CircuitBreaker:
    def __init__(self, threshold=3, timeout=0.1):
        self.threshold, self.timeout = threshold, timeout
        self.failures, self.opened_at = 0, None
        self.trial_lock = asyncio.Lock()

    @property
    def state(self):
        if self.opened_at is None:
            return "closed"
        return "open" if time.monotonic() - self.opened_at < self.timeout else "half-open"

    async def _attempt(self, fn, args, trial):
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
        if trial or self.opened_at is None:
            self.failures, self.opened_at = 0, None
        return result

    async def call(self, fn, *args):
        if self.state == "open":
            raise CircuitOpenError("open")
        if self.state == "half-open":
            async with self.trial_lock:
                state = self.state
                if state == "open":
                    raise CircuitOpenError("open")
                return await self._attempt(fn, args, trial=state == "half-open")
        return await self._attempt(fn, args, trial=False)
