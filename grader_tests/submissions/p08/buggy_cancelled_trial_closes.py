# expect: p08_test_opens p08_test_trial_outcome
# A cancelled trial CLOSES the circuit. The success bookkeeping sits in `finally:`, guarded only
# by "no Exception was seen", so a trial that is cancelled (the usual fate of a call to a hung
# service: the caller's request timeout, asyncio.wait_for) is taken for a success: state reads
# "closed" at once, the failure count is 0, and every caller goes straight through to the sick
# service. The same slip makes a call cancelled while closed reset the failure count.
# From red-team pass 30: it had 20/20 (the only cancelled trial was followed by one call a timeout
# later, which closed lets through); p08_test_trial_outcome now reads the state right after the
# cancelled trial and sends four callers together (at most one may go through), and
# p08_test_opens cancels a call between failures while closed.
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
