# expect: full marks
# No lock: the trial is claimed by setting a flag with no await between the check and the
# claim. Failures are kept as a list of timestamps; time.monotonic() is the clock.
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
        if self.open_since is None:
            self.recent_failures.clear()
        return value
