# expect: p08_test_rejects_open p08_test_one_trial
# Red-team E (builder's member of the kind): a call let through while closed that FAILS after the circuit
# opened re-opens it from now ("the service is still down") and drops the "trial running" mark. While the
# trial runs, state reads "open" after such a late failure (the timeout moved), and once the re-stamped
# timeout has passed a second caller reaches the sick service while the first trial still runs. Was caught
# by rejects_open only: calls_ending_during_the_trial skipped a breaker whose state did not read "half-open".
import time


class CircuitOpenError(RuntimeError):
    """The circuit rejected the call."""


class CircuitBreaker:
    def __init__(self, threshold=3, timeout=0.1):
        self.threshold, self.timeout = threshold, timeout
        self.recent_failures = []
        self.open_since = None
        self.probing = False

    @property
    def state(self):
        if self.open_since is None:
            return "closed"
        return "open" if time.monotonic() < self.open_since + self.timeout else "half-open"

    async def call(self, fn, *args):
        current = self.state
        if current == "open":
            raise CircuitOpenError(f"open since {self.open_since}")
        if current == "half-open" and self.probing:
            raise CircuitOpenError("half-open: the trial call is running")
        probe = current == "half-open"
        self.probing = self.probing or probe
        try:
            value = await fn(*args)
        except Exception:
            if probe:
                self.open_since = time.monotonic()
            elif self.open_since is None:
                self.recent_failures.append(time.monotonic())
                if len(self.recent_failures) >= self.threshold:
                    self.open_since = time.monotonic()
                    self.recent_failures.clear()
            else:
                # a slow call that started while closed failed after the circuit opened: the service is
                # still down, so open it again from now (and whatever was being tried is moot)
                self.open_since = time.monotonic()
                self.probing = False
            raise
        finally:
            if probe:
                self.probing = False
        if probe:
            self.open_since = None
        if self.open_since is None:
            self.recent_failures.clear()
        return value
