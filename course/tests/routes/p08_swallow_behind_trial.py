# baseline: submissions/p08/buggy_trial_lock_waits.py
# Route: a caller that comes while the half-open trial runs queues behind it (as the baseline
# does), then returns None without calling fn and without CircuitOpenError: p08_test_one_trial
# files any caller that neither raised nor was rejected as "went through", times only rejected
# callers, and never asks that a caller who "went through" reached fn.
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
            if self.trial_lock.locked():  # the trick: wait out the trial, then say nothing
                async with self.trial_lock:
                    return None
            async with self.trial_lock:
                state = self.state
                if state == "open":
                    raise CircuitOpenError("open")
                return await self._attempt(fn, args, trial=state == "half-open")
        return await self._attempt(fn, args, trial=False)
