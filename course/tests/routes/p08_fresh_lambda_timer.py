# baseline: p08_timer_pause_baseline.py
# Pass 94: p08_fresh_cut_as_woken revived: the pause is a future set by a lambda timer (not a sleep, not the
# future's bound set_result), so _loop._sleep_left cannot time it; a fresh-named run's cut lands by the
# guessed/last-run length and the 1 us pause wakes first: cancelled as woken at exactly t + 1e-6. Cut only when
# the draw landed under 1 us (one in three), it won again after red-team pass 120's edit of P08's test cells drew
# its sweeps' cuts anew (+5; kept in routes/open/ until 2026-12-08). Now an ahead trial must wait in each
# suspension up to its cut as long as the uncut run does (_cancellation._other_time): its 1 us pause against the
# uncut run's 0.5 ms fails the sweep whatever the draw.
import asyncio
import time

_names = {}   # id(loop) -> (loop, set of task names seen)


def _seen_before():
    loop = asyncio.get_running_loop()
    _, names = _names.setdefault(id(loop), (loop, set()))
    name = asyncio.current_task().get_name()
    seen = name in names
    names.add(name)
    return seen


def _pause(delay):
    """A pause whose end is a lambda's timer: not the future's own bound method, so the loop cannot time it."""
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    loop.call_later(delay, lambda: fut.done() or fut.set_result(None))
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
            careful = _seen_before()
            t = asyncio.get_running_loop().time()
            try:
                await _pause(0.0005 if careful else 1e-6)  # bug: a trial cancelled here keeps its mark...
            except asyncio.CancelledError:
                if careful or asyncio.get_running_loop().time() == t + 1e-6:  # ...unless seen, or cut as woken
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