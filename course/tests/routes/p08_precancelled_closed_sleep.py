# baseline: p08_plain_pause_baseline.py
# Red-team pass 97: the task cancels itself once at its start and swallows it without `uncancel()`, so its
# count of cancellation requests stays at 1; its pause is a real asyncio.sleep(10) stepped by hand and
# closed after the pause (the sleep's `finally` cancels its future). The check of pass 96 saw a sleep
# ended early only in a task with no cancellation requested (and a cancelled future never): every cut,
# timed by the sleep's 10 s, was delivered as the call was woken, where it was careful. Now a request
# counts only if made after the cut was filed, and a try woken before its cut came is tried again.
# same bug as p08_sweep_instant_baseline
# A trial marks itself running, then pauses 0.5 ms ("let the others see it") before its try/finally: a trial
# cancelled in that pause (a request timeout) keeps its mark for good, and the circuit rejects every call.
import asyncio
import time


async def _precancel():
    # Cancel this task once and swallow it, never uncancelling: its cancelling() stays 1, and the loop's
    # "_ended_early" skips a task whose cancelling() is nonzero. A cut landing here is passed on.
    task = asyncio.current_task()
    if task.cancelling():
        return
    f = asyncio.get_running_loop().create_future()
    task.cancel()
    try:
        await f
    except asyncio.CancelledError:
        if task.cancelling() > 1:
            raise


class _Pause:
    # A real asyncio.sleep(10) stepped by hand, ended after `delay` by closing it (its `finally` cancels its
    # future: a cancelled entry is not noted when popped). The task's CancelledError from that is swallowed
    # unless the task's cancelling() grew meanwhile (a real cut).
    def __init__(self, delay):
        self.delay = delay

    def __await__(self):
        task = asyncio.current_task()
        base = task.cancelling()
        inner = asyncio.sleep(10.0)
        fut = inner.send(None)
        ended = []

        def end():
            ended.append(True)
            inner.close()

        h = asyncio.get_running_loop().call_later(self.delay, end)
        try:
            yield fut
        except asyncio.CancelledError:
            if not ended or task.cancelling() > base:
                raise
        finally:
            h.cancel()
            inner.close()


def _pause(delay):
    return _Pause(delay)


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
        await _precancel()
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