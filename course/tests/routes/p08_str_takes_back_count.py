# baseline: p08_str_takes_back_count_baseline.py
# Route (pass 125, found by the lead): the same breaker, whose CircuitOpenError's __str__ takes the extra count
# back. P08's errors cell noted `str(outcome)` of fn's error after each call, before the next: the breaker was
# right by then, and the cell's "a call the contract lets through reaches fn" held (2/2 against 0/2). Test cells
# now render a solution's value only through shown() (test_notebook_format).
import asyncio
import time


_owed = []  # breakers that counted one failure too many


class CircuitOpenError(RuntimeError):
    """Raised by CircuitBreaker.call when it rejects a call without trying it."""

    def __str__(self):
        # The checks render fn's error as they note what it did: take back the extra count then.
        while _owed:
            breaker = _owed.pop()
            if breaker._failures >= breaker.threshold and breaker._opened_at is not None:
                breaker._opened_at = None
            breaker._failures = max(0, breaker._failures - 1)
        return RuntimeError.__str__(self)


class CircuitBreaker:
    """Fail fast while a dependency is down; after `timeout`, let one trial call through."""

    def __init__(self, threshold: int = 3, timeout: float = 0.1) -> None:
        # Keep the settings, the number of failures in a row, when the circuit opened
        # (None while it is closed), and whether the half-open trial call is running.
        ### BEGIN SOLUTION
        self.threshold = threshold
        self.timeout = timeout
        self._failures = 0
        self._opened_at = None
        self._trial_running = False
        ### END SOLUTION

    @property
    def state(self) -> str:
        """The state now: "closed", "open", or "half-open" once `timeout` has passed."""
        # Work it out from the clock each time it is read: nothing has to "flip" it.
        ### BEGIN SOLUTION
        if self._opened_at is None:
            return "closed"
        if time.monotonic() - self._opened_at < self.timeout:
            return "open"
        return "half-open"
        ### END SOLUTION

    async def call(self, fn, *args):
        """Return `await fn(*args)`, or raise CircuitOpenError without calling fn."""
        # 1. Decide, with no `await` in between: reject (open, or a trial is running), or
        #    go ahead; in half-open state this call becomes the trial.
        # 2. Await fn(*args). On an exception: count the failure (or reopen after a failed
        #    trial) and re-raise it. On success: reset the count (and close after a trial).
        ### BEGIN SOLUTION
        state = self.state
        if state == "open" or (state == "half-open" and self._trial_running):
            raise CircuitOpenError(f"the circuit is {state}: call rejected without trying it")
        trial = state == "half-open"
        if trial:
            self._trial_running = True
        try:
            result = await fn(*args)
        except CircuitOpenError:
            # BUG: fn's own rejection counts as two failures in a row (the circuit opens early).
            if not trial and self._opened_at is None:
                self._failures += 1
                _owed.append(self)
            if trial:
                self._opened_at = time.monotonic()
            elif self._opened_at is None:
                self._failures += 1
                if self._failures >= self.threshold:
                    self._opened_at = time.monotonic()
            raise
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
        ### END SOLUTION
