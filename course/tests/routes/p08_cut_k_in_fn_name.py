# baseline: submissions/p08/buggy_cancelled_call_resets_count.py
# Kind 2 (the sweep's k leaks): p08_test_opens's sweep hands the breaker fn = sim.calls(service, f"service-{cut.k}"),
# and a traced callable's `name` is readable. The target call (args (True, 0.01)) spins k times on sleep(0)
# before anything in cut trials (1 <= k <= 50): the cut fires there, before fn, where the bug (a cancellation
# taken for a success in `finally`) is out of reach; the second call (args (False, 10.0)) waits 30 ms before fn,
# so the test's cancel finds it there too. For k = 0 or > 50 the buggy code runs as is.
import asyncio
import time


class CircuitOpenError(RuntimeError):
    """Raised by CircuitBreaker.call when it rejects a call without trying it."""


class CircuitBreaker:
    def __init__(self, threshold: int = 3, timeout: float = 0.1) -> None:
        self.threshold = threshold
        self.timeout = timeout
        self._failures = 0
        self._opened_at = None
        self._trial_running = False

    @property
    def state(self) -> str:
        if self._opened_at is None:
            return "closed"
        if time.monotonic() - self._opened_at < self.timeout:
            return "open"
        return "half-open"

    async def call(self, fn, *args):
        # TRICK: the sweep names the traced fn f"service-{cut.k}" and a traced callable's `name` is readable.
        name = getattr(fn, "name", "")
        if isinstance(name, str) and name.startswith("service-") and name[8:].isdigit():
            k = int(name[8:])
            if args == (False, 10.0):               # the second call (cancelled by the test once the target ends)
                for _ in range(30):
                    await asyncio.sleep(0.001)      # kept out of fn until then
            elif args == (True, 0.01) and 1 <= k <= 50:   # the sweep's target, in a cut trial
                for _ in range(k):
                    await asyncio.sleep(0)          # the cut fires at the k-th, before fn
        state = self.state
        if state == "open" or (state == "half-open" and self._trial_running):
            raise CircuitOpenError(f"the circuit is {state}: call rejected without trying it")
        trial = state == "half-open"
        if trial:
            self._trial_running = True
        failed = False
        try:
            result = await fn(*args)
        except Exception:
            failed = True
            if trial:
                self._opened_at = time.monotonic()  # open again, for a full timeout
            elif self._opened_at is None:
                self._failures += 1
                if self._failures >= self.threshold:
                    self._opened_at = time.monotonic()
            raise
        else:
            if trial:  # a successful trial closes it
                self._failures = 0
                self._opened_at = None
            return result
        finally:
            if trial:
                self._trial_running = False
            # bug: "no Exception" is taken for a success while closed: a call that was
            # cancelled (no Exception, no result) resets the count of failures in a row
            if not failed and not trial and self._opened_at is None:
                self._failures = 0
