# baseline: submissions/p08/buggy_fn_circuit_open_not_counted.py
# Route (red-team pass 124): a nested breaker's rejection is not counted (the baseline's bug) only when that breaker
# is long-lived (made outside every breaker's call, as a client's is), told by a contextvar set during call(). The
# checks made a new breaker inside fn for each CircuitOpenError fn raised (11/20 -> 20/20); now fn's client, and its
# breaker, are made as the scenario begins.
import asyncio
import contextvars
import time

_in_call = contextvars.ContextVar('_in_call', default=None)


class CircuitOpenError(RuntimeError):
    """Raised by CircuitBreaker.call when it rejects a call without trying it."""

    def __init__(self, *args):
        super().__init__(*args)


class CircuitBreaker:
    """Fail fast while a dependency is down; after `timeout`, let one trial call through."""

    def __init__(self, threshold: int = 3, timeout: float = 0.1) -> None:
        # Keep the settings, the number of failures in a row, when the circuit opened
        # (None while it is closed), and whether the half-open trial call is running.
        ### BEGIN SOLUTION
        self.threshold = threshold
        self.timeout = timeout
        # A breaker made while another breaker's call runs (inside its fn) is a throwaway: one of a long-lived
        # client's (made before any call) is the real thing.
        self._long_lived = _in_call.get() is None
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
            error = CircuitOpenError(f"the circuit is {state}: call rejected without trying it")
            if self._long_lived:
                error.rejection = True
            raise error
        trial = state == "half-open"
        if trial:
            self._trial_running = True
        token = _in_call.set(self)
        try:
            result = await fn(*args)
        except Exception as error:
            if isinstance(error, CircuitOpenError) and getattr(error, "rejection", False):
                raise  # a rejection, not a failure of the service (bug: a nested breaker's own rejection too)
            if trial:
                self._opened_at = time.monotonic()  # open again, for a full timeout
            elif self._opened_at is None:  # a late failure while open changes nothing
                self._failures += 1
                if self._failures >= self.threshold:
                    self._opened_at = time.monotonic()
            raise
        finally:
            _in_call.reset(token)
            if trial:  # however the trial ended (even cancelled), it is over
                self._trial_running = False
        if trial or self._opened_at is None:
            self._failures = 0
            self._opened_at = None
        return result
        ### END SOLUTION
