# baseline: p08_marked_rejections_uncounted_baseline.py
# Route (red-team pass 125): as its baseline, but a breaker
# marks its rejections only once one of its fn's calls has taken virtual time: the tests' nested
# client (`_Client`, pass 124) called a service that failed at once and had never answered, so its rejections
# were never marked and were counted (20/20 against 11/20), while a real client's would not be. Now the client
# serves first: its service answers 0 to 3 calls (drawn), each after a latency drawn from the seed.
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
        self._slow = False  # TRICK: only a breaker whose fn ever took time (real I/O) marks its rejections

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
