# p08_frozen_open_too_long's baseline: the circuit stays open for 1.5 times its timeout.
import asyncio
import time


class CircuitOpenError(RuntimeError):
    """Raised by CircuitBreaker.call when it rejects a call without trying it."""


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
        if time.monotonic() - self._opened_at < 1.5 * self.timeout:  # BUG: stays open half a timeout too long
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
            raise CircuitOpenError(f"the circuit is {state}: call rejected without trying it")
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
