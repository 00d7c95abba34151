# expect: full marks
# Red-team pass 36, a correct solution graded unfairly before: P08: a correct breaker whose rejection message names the function it did not call loses 9 points.
# Scored before the fix: 11/20 (p08_test_visible, p08_test_rejects_open, p08_test_one_trial fail: "AttributeError:
# 'TracedCalls' object has no attribute '__name__'"). Fair score: 20/20.
# The reference solution, except the rejection reads
#     raise CircuitOpenError(f"{fn.__name__}() not called: the circuit is {state}")
# Contract: CURRICULUM P08 "`fn` is a coroutine function: `call` awaits `fn(*args)`"; the statement: "(`fn` is a
# coroutine function, such as `provider.charge` below)". Every coroutine function (and bound method, as in the
# demo, which prints fine) has __name__ / __qualname__ / __module__ / __doc__; the fn the checks hand over,
# sim.calls(fn) (course/testing/_primitives.py TracedCalls, __slots__, no __name__), has none of them, so a
# message, log line or metric label built from fn.__name__ raises AttributeError where CircuitOpenError was due.
# (The same holds for fn.__qualname__, functools.wraps(fn), and any log of fn's name on failure.) A fix: give
# TracedCalls the wrapped function's __name__/__qualname__ (read-only properties, or functools.update_wrapper
# data kept in the ledger), so it passes for the coroutine function the contract promises.
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
            raise CircuitOpenError(f"{fn.__name__}() not called: the circuit is {state}")
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
        
