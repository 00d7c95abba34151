# expect: p08_test_opens
# A call cancelled while the circuit is closed counts as a success: it resets the count of failures
# in a row (the success bookkeeping sits in `finally:`, guarded only by "no Exception was seen").
# Against a service that alternates errors and hangs (fail, fail, hang -> request timeout, fail,
# fail, ...) the circuit never opens (threshold 3) and every request keeps hammering it. (Counting
# a cancellation as a failure, or as nothing, is fine; as a success it is not.)
# From red-team pass 30: it had 20/20 (no check cancelled a call while closed); p08_test_opens now
# cancels a call between failures, at each of its suspension points, alone or with a second call
# cancelled with it, and requires `threshold` failures around it to open the circuit.
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
        failed = False
        try:
            result = await fn(*args)
        except Exception:
            failed = True
            if trial:
                self._opened_at = time.monotonic()  # open again, for a full timeout
            elif self._opened_at is None:
                self._failures += 1
                if self._failures >= self.threshold:
                    self._opened_at = time.monotonic()
            raise
        else:
            if trial:  # a successful trial closes it
                self._failures = 0
                self._opened_at = None
            return result
        finally:
            if trial:
                self._trial_running = False
            # bug: "no Exception" is taken for a success while closed: a call that was
            # cancelled (no Exception, no result) resets the count of failures in a row
            if not failed and not trial and self._opened_at is None:
                self._failures = 0
