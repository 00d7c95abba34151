# baseline: p08_timer_pause_baseline.py
# Pass 95: no task-name sign at all. The pause's future gets a decoy timer (fut.done, a bound method of it,
# 10 s out, withdrawn once it is done): _loop._sleep_left times the 0.5 ms pause as 10 s, so every sweep cut
# (ahead or regular) lands uniformly in 10 s and is delivered as woken, at exactly t + 0.0005; the call is
# careful only then. A real deadline never lands exactly at the instant the pause ends.
# same bug as p08_sweep_instant_baseline, pause through a lambda timer
# A trial marks itself running, then pauses 0.5 ms ("let the others see it") before its try/finally: a trial
# cancelled in that pause (a request timeout) keeps its mark for good, and the circuit rejects every call.
import asyncio
import time


def _pause(delay):
    """A pause whose end is a lambda's timer: not the future's own bound method, so the loop cannot time it."""
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_later(delay, lambda: fut.done() or fut.set_result(None))
    decoy = loop.call_later(10.0, fut.done)  # a bound method of fut: the loop "times" the wait as 10 s
    fut.add_done_callback(lambda _f: decoy.cancel())
    return fut


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