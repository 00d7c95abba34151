# baseline: submissions/p08/buggy_trial_cancelled_before_try.py
# P08 finding (red-team pass 34): p08/buggy_trial_cancelled_before_try.py behind a wait the cancellation sweep never counts. The await at which a
# cancellation breaks it goes through a gather whose `_children` lists only a "decoy" task that is
# forever about to take a step (made on an event loop that never runs): `_awaiting.hands_on()`
# takes the wait for a hand-on to a task about to run, `_loop._after_step` does not count it, and
# `awaited()` lists only the decoy, so the real child's suspensions count for no one either.
# Real bug: a trial cancelled at its `await` before the try (a timeout) keeps _trial_running for good; the circuit rejects every call from then on.
# Score now: 20/20 (3.11). Fair: 15/20 (p08_test_trial_outcome fails, as the baseline
# grader_tests/submissions/p08/buggy_trial_cancelled_before_try.py).
import asyncio

# A task forever "about to take a step": made on an event loop that never runs. A gather
# whose _children lists it makes the harness take the wait for "handing on to a task about
# to run" (_awaiting.hands_on), so the cancellation sweep never counts it as a point.
_idle_loop = asyncio.new_event_loop()


async def _never():
    pass


_decoy = _idle_loop.create_task(_never())


async def _hidden(awaitable):
    """`await awaitable`, through a gather the cancellation sweep does not see."""
    wait = asyncio.gather(awaitable)
    wait._children = [_decoy]
    return (await wait)[0]

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
            raise CircuitOpenError(f"the circuit is {state}: call rejected without trying it")
        trial = state == "half-open"
        if trial:
            self._trial_running = True
            await _hidden(asyncio.sleep(0))  # bug: a trial cancelled here keeps its mark for good
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