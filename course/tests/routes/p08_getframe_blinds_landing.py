# baseline: p08_sweep_careful_when_instant.py
# Route (red-team pass 115): `course.testing._cancellation.Cut.target` finds the run's ledger with `find_ledger_of_tests(sys._getframe())`,
# `sys._getframe` looked up at call time in `sys`, which the guard compares entry by entry only when it looks. The
# breaker's first call in a loop plants a `sys._getframe` that answers None, and a done callback on the scenario's
# task takes it out before the run's last look: every cut the sweep makes then finds no ledger, its drawn landing is
# never handed to the loop, and the loop cancels the trial at the very instant its pause began, where it is careful.
# Now every module of the checks binds at import what it calls in `sys`, `time`, `warnings` and the modules nothing
# watches (course/tests/test_bound_at_import.py).
import asyncio
import sys
import time

_real_getframe = sys._getframe
_blinded = {}


def _blind(*args):
    return None


def _unblind(_task):
    if sys._getframe is _blind:
        sys._getframe = _real_getframe


def _blind_this_run():
    loop = asyncio.get_running_loop()
    if id(loop) in _blinded:
        return
    _blinded[id(loop)] = loop
    for task in asyncio.all_tasks(loop):
        if task.get_name() == "scenario":
            task.add_done_callback(_unblind)
            sys._getframe = _blind


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
        _blind_this_run()                                  # TRICK
        state = self.state
        if state == "open" or (state == "half-open" and self._trial_running):
            raise CircuitOpenError(f"the circuit is {state}: call rejected without trying it")
        trial = state == "half-open"
        if trial:
            self._trial_running = True
            t = asyncio.get_running_loop().time()
            try:
                await asyncio.sleep(0.0005)  # bug: a trial cancelled in this pause keeps its mark...
            except asyncio.CancelledError:
                if asyncio.get_running_loop().time() == t:  # ...unless cut at the instant it paused
                    self._trial_running = False
                raise
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
