# expect: full marks
# CircuitOpenError has a constructor of its own, CircuitOpenError(retry_in), giving the seconds until the trial:
# an extra the contract allows (it fixes `class CircuitOpenError(RuntimeError)`, raised when a call is rejected,
# and no constructor). Correct: the checks must not build a CircuitOpenError of fn's own by calling it with a
# message (its `:.3f` raised ValueError in the test's code); they now make one without calling the constructor.
# Found by red-team pass 39: it had 18/20 (p08_test_errors_reach_caller), now 20/20.
import asyncio
import time


class CircuitOpenError(RuntimeError):
    """Raised by CircuitBreaker.call when it rejects a call without trying it; says when to retry."""

    def __init__(self, retry_in: float) -> None:
        super().__init__(f"circuit open: call rejected, retry in {retry_in:.3f} s")
        self.retry_in = retry_in


class CircuitBreaker:
    """Fail fast while a dependency is down; after `timeout`, let one trial call through."""

    def __init__(self, threshold: int = 3, timeout: float = 0.1) -> None:
        # Keep the settings, the number of failures in a row, when the circuit opened
        # (None while it is closed), and whether the half-open trial call is running.
        self.threshold = threshold
        self.timeout = timeout
        self._failures = 0
        self._opened_at = None
        self._trial_running = False

    @property
    def state(self) -> str:
        """The state now: "closed", "open", or "half-open" once `timeout` has passed."""
        # Work it out from the clock each time it is read: nothing has to "flip" it.
        if self._opened_at is None:
            return "closed"
        if time.monotonic() - self._opened_at < self.timeout:
            return "open"
        return "half-open"

    async def call(self, fn, *args):
        """Return `await fn(*args)`, or raise CircuitOpenError without calling fn."""
        # 1. Decide, with no `await` in between: reject (open, or a trial is running), or
        #    go ahead; in half-open state this call becomes the trial.
        # 2. Await fn(*args). On an exception: count the failure (or reopen after a failed
        #    trial) and re-raise it. On success: reset the count (and close after a trial).
        state = self.state
        if state == "open" or (state == "half-open" and self._trial_running):
            retry_in = 0.0 if state == "half-open" else self.timeout - (time.monotonic() - self._opened_at)
            raise CircuitOpenError(retry_in)
        trial = state == "half-open"
        if trial:
            self._trial_running = True
        try:
            result = await fn(*args)
        except Exception:
            if trial:
                self._opened_at = time.monotonic()  # open again, for a full timeout
            elif self._opened_at is None:  # a late failure while open changes nothing
                self._failures += 1
                if self._failures >= self.threshold:
                    self._opened_at = time.monotonic()
            raise
        finally:
            if trial:  # however the trial ended (even cancelled), it is over
                self._trial_running = False
        if trial or self._opened_at is None:
            self._failures = 0
            self._opened_at = None
        return result