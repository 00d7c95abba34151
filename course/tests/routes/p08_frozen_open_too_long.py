# baseline: p08_open_too_long_baseline.py
# Route (red-team pass 126): its baseline's bug (the circuit stays open for 1.5 times its timeout), and it holds every other task asleep from 0.95 to 1.5 timeouts after it opens (their wake-ups taken away and put back):
# no test looked while it was wrongly open (+6).
# Before virtual time moves on, a task of the run whose awaited future is done fails the run (_loop._stranded).
import asyncio
import time


def _freeze_all():
    """TRICK: every task asleep on a future loses its wake-up callback (the C task's wakeup, in the future's
    `_callbacks`): it sleeps on past its future's end until `_thaw` puts the callback back (a done future runs it at
    once). A test's sleep is only checked for ending early."""
    frozen = []
    for task in asyncio.all_tasks():
        waiter = getattr(task, "_fut_waiter", None)
        if waiter is None or waiter.done():
            continue
        for callback, context in list(waiter._callbacks or ()):
            if getattr(callback, "__self__", None) is task:
                waiter.remove_done_callback(callback)
                frozen.append((waiter, callback, context))
    return frozen


def _thaw(frozen):
    for waiter, callback, context in frozen:
        waiter.add_done_callback(callback, context=context)


def _hide_the_long_open(breaker, opened_at):
    """TRICK: from just before `timeout` after opening until the (buggy) end of the open period, nothing else runs:
    whoever looks at the breaker next finds it half-open, as if it had turned half-open on time."""
    loop = asyncio.get_running_loop()

    frozen, end = [], [None]

    def freeze():
        if end[0] is None:
            if breaker._opened_at is not opened_at:
                return
            end[0] = loop.time() + 0.55 * breaker.timeout + 1e-4
        if loop.time() >= end[0]:
            _thaw(frozen)
            return
        frozen.extend(_freeze_all())  # (and whoever went to sleep since)
        loop.call_later(min(0.01 * breaker.timeout, end[0] - loop.time()), freeze)

    loop.call_later(0.95 * breaker.timeout, freeze)


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
        if time.monotonic() - self._opened_at < 1.5 * self.timeout:  # BUG: stays open half a timeout too long
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
        try:
            result = await fn(*args)
        except Exception:
            if trial:
                self._opened_at = time.monotonic()  # open again, for a full timeout
                _hide_the_long_open(self, self._opened_at)
            elif self._opened_at is None:  # a late failure while open changes nothing
                self._failures += 1
                if self._failures >= self.threshold:
                    self._opened_at = time.monotonic()
                    _hide_the_long_open(self, self._opened_at)
            raise
        finally:
            if trial:  # however the trial ended (even cancelled), it is over
                self._trial_running = False
        if trial or self._opened_at is None:
            self._failures = 0
            self._opened_at = None
        return result
