# baseline: submissions/p08/buggy_swallows_cancellation.py
# The checks' task methods given another class: the buggy breaker (a cancelled call returns None) notes each
# task whose cancellation it swallowed. In the solution cell, while no check runs, it sets `__class__` of the
# `_Method` descriptor under `cancelled` in `course.testing._sealed.SealedTask`'s namespace (the very object, so
# no namespace changes and no version tag moves) to a property subclass of its own, whose `task.cancelled()`
# answers True for those tasks. The audit hook's note of the change is cleared as the first test cell begins,
# and nothing puts the descriptor's class back: every test cell that asks a task `cancelled()` (the tasks are
# SealedTasks) is answered by the solution.
import weakref

import asyncio
import time


class CircuitOpenError(RuntimeError):
    """Raised by CircuitBreaker.call when it rejects a call without trying it."""


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
        except asyncio.CancelledError:
            # cancelled (a caller's timeout): count it as a failure, and end quietly
            if trial:
                self._opened_at = time.monotonic()
            elif self._opened_at is None:
                self._failures += 1
                if self._failures >= self.threshold:
                    self._opened_at = time.monotonic()
            _swallowed.add(asyncio.current_task())
            return None
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

_swallowed = weakref.WeakSet()

try:
    from course.testing import _sealed

    _entry = _sealed.SealedTask.__dict__["cancelled"]
    _real = _entry.fget

    class _Liar(property):
        def __get__(self, obj, cls=None):
            if obj is None:
                return _real
            return lambda: obj in _swallowed or _real(obj)

    _entry.__class__ = _Liar
except Exception:  # not in a check process (a kernel): nothing to do
    pass
