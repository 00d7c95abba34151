# expect: p08_test_rejects_open p08_test_one_trial
# Red-team E: as buggy_late_success_restarts_timeout.py, and any success clears the "trial running" mark: a
# late success while the trial runs frees a second trial once the re-stamped timeout has passed. Was 20/20:
# calls_ending_during_the_trial skipped a breaker whose state did not read "half-open" and looked 1 ms later only.
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
            raise
        finally:
            if probe:
                self.probing = False
        self.probing = False  # a success ends any probe
        if probe:
            self.open_since = None
        elif self.open_since is not None:
            # a slow call that started while closed answered after the circuit opened: the service is
            # limping, so give it a full timeout again from now
            self.open_since = time.monotonic()
        if self.open_since is None:
            self.recent_failures.clear()
        return value
