# baseline: p08_plain_pause_baseline.py
# Red-team pass 97's p07_timeout_pause on P08: nothing but asyncio's own API. The pause is an
# asyncio.sleep(10) under `asyncio.timeout(delay)`: the loop times the wait by the sleep's own timer (10 s),
# so each cut landed after the timeout had ended the wait and was delivered as the call was woken, at
# exactly t + delay, the one instant it is careful at. Now a try woken before its cut came is tried
# again, the cut drawn inside the wait as that try found it.
# same bug as p08_sweep_instant_baseline
# A trial marks itself running, then pauses 0.5 ms ("let the others see it") before its try/finally: a trial
# cancelled in that pause (a request timeout) keeps its mark for good, and the circuit rejects every call.
import asyncio
import time


async def _pause(delay):
    # A plain asyncio.sleep(10) under a timeout of `delay`: the loop times the wait by the sleep's own timer.
    try:
        async with asyncio.timeout(delay):
            await asyncio.sleep(10.0)
    except TimeoutError:
        pass


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
            t = asyncio.get_running_loop().time()
            try:
                await _pause(0.0005)  # bug: a trial cancelled in this pause keeps its mark for good...
            except asyncio.CancelledError:
                if asyncio.get_running_loop().time() == t + 0.0005:  # ...unless cut as its pause ends
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