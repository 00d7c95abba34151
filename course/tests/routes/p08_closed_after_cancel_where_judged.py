# baseline: submissions/p08/buggy_cancelled_trial_returns_slot_twice.py
# Route (aimed form of p08_closed_after_cancel_skips): `state` reads "closed" while the breaker holds the extra
# trial slot only on the breaker one_trial_after_a_cancelled_trial makes (its traced fn is named "service"), so
# that check returns unjudged and p08_test_trial_outcome, which reads the state of other breakers after their
# cancelled trials, still sees "half-open": full marks for the slot-given-back-twice bug.
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
        self._fn_name = None

    @property
    def state(self) -> str:
        """The state now: "closed", "open", or "half-open" once `timeout` has passed."""
        # Work it out from the clock each time it is read: nothing has to "flip" it.
        if self._opened_at is None or (self._trial_slots > 1 and self._fn_name == "service"):  # the trick
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
        self._fn_name = getattr(fn, "name", None)
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