# baseline: submissions/p08/buggy_cancelled_trial_returns_slot_twice.py
# Route (a check that disables itself on the solution's own word): one_trial_after_a_cancelled_trial (in
# p08_test_one_trial) returns early, unjudged, when the breaker's own `state` reads "closed" right after the
# cancelled trial ("p08_test_trial_outcome's business"). The baseline's breaker, whose cancelled trial gives its
# slot back twice, with `state` reading "closed" exactly while it holds that extra slot: the check that shows
# two trials going through together is skipped.
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
        self._trial_slots = 1  # trial calls the half-open state still lets through

    @property
    def state(self) -> str:
        """The state now: "closed", "open", or "half-open" once `timeout` has passed."""
        # Work it out from the clock each time it is read: nothing has to "flip" it.
        if self._opened_at is None or self._trial_slots > 1:  # the trick: "closed" once a slot came back twice
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
        if state == "open" or (state == "half-open" and self._trial_slots <= 0):
            raise CircuitOpenError(f"the circuit is {state}: call rejected without trying it")
        trial = state == "half-open"
        if trial:
            self._trial_slots -= 1
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
        except asyncio.CancelledError:
            if trial:  # bug: gives the slot back here, and again in finally
                self._trial_slots += 1
            raise
        finally:
            if trial:  # however the trial ended (even cancelled), it is over
                self._trial_slots += 1
        if trial or self._opened_at is None:
            self._failures = 0
            self._opened_at = None
        return result