# expect: p08_test_opens p08_test_rejects_open p08_test_trial_outcome
# A cancelled call is taken for a success wherever it ends ("the caller gave up, the service did
# not fail"): `except asyncio.CancelledError:` resets the count and closes the circuit, with no
# guard on the state (the success path has the right one). A call cancelled while
# closed resets the count, a cancelled trial closes the circuit, and a call let through while closed
# that is cancelled (a request timeout) after the circuit opened closes it too, long before the
# timeout: the sick service gets every call again. (Red-team pass 30, the same kind as
# buggy_cancelled_trial_closes, the bookkeeping unguarded.)
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
        except Exception:
            if trial:
                self._opened_at = time.monotonic()
            elif self._opened_at is None:
                self._failures += 1
                if self._failures >= self.threshold:
                    self._opened_at = time.monotonic()
            raise
        except asyncio.CancelledError:
            # bug: "the caller gave up, the service did not fail": taken for a success, whatever the state
            self._failures = 0
            self._opened_at = None
            raise
        finally:
            if trial:
                self._trial_running = False
        if trial or self._opened_at is None:
            self._failures = 0
            self._opened_at = None
        return result
