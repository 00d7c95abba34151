# expect: p08_test_rejects_open
# Red-team E: a call let through while closed that SUCCEEDS after the circuit opened re-stamps the opening
# time, so state reads "open" past the timeout (also while the trial runs). Was 20/20: the checks looked only
# until 0.9 x timeout and accepted "open" after a late success; late_outcomes_keep_the_timeout now tries one.
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
        if probe:
            self.open_since = None
        elif self.open_since is not None:
            # a slow call that started while closed answered after the circuit opened: the service is
            # limping, so give it a full timeout again from now
            self.open_since = time.monotonic()
        if self.open_since is None:
            self.recent_failures.clear()
        return value
