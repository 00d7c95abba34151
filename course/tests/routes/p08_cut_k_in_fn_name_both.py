# baseline: submissions/p08/buggy_cancelled_trial_closes.py
# Kind 2 (the sweep's k leaks): as p08_cut_k_in_fn_name, on both sweeps (p08_test_opens and
# p08_test_trial_outcome name fn f"service-{cut.k}"): the target is cut at a harmless spin before the breaker
# looks at its state, so the bug (a cancellation taken for a success in `finally`) is never reached.
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
        # TRICK: the sweeps name the traced fn f"service-{cut.k}" and a traced callable's `name` is readable.
        name = getattr(fn, "name", "")
        if isinstance(name, str) and name.startswith("service-") and name[8:].isdigit():
            k = int(name[8:])
            if args == (False, 10.0):               # p08_test_opens's second call (cancelled once the target ends)
                for _ in range(30):
                    await asyncio.sleep(0.001)
            elif args == (True, 0.01) and 1 <= k <= 50:   # a sweep's target, in a cut trial
                for _ in range(k):
                    await asyncio.sleep(0)          # the cut fires at the k-th, before anything
        state = self.state
        if state == "open" or (state == "half-open" and self._trial_running):
            raise CircuitOpenError(f"the circuit is {state}: call rejected without trying it")
        trial = state == "half-open"
        if trial:
            self._trial_running = True
        failed = False
        try:
            return await fn(*args)
        except Exception:
            failed = True
            if trial:
                self._opened_at = time.monotonic()
            elif self._opened_at is None:
                self._failures += 1
                if self._failures >= self.threshold:
                    self._opened_at = time.monotonic()
            raise
        finally:
            if trial:
                self._trial_running = False
            # bug: "no Exception" is taken for success; a cancelled trial closes the circuit
            if not failed and (trial or self._opened_at is None):
                self._failures = 0
                self._opened_at = None
