# expect: p08_test_opens
# The list of recent failures is a class attribute, shared by every CircuitBreaker: two
# failures of breaker A plus one of breaker B open B (threshold 3), a breaker in front of a
# healthy service opens because another service is down. Each breaker alone behaves; caught by
# two breakers in use at once (two_breakers_count_their_own).
import time


class CircuitOpenError(RuntimeError):
    """The circuit rejected the call."""


class CircuitBreaker:
    recent_failures: list = []  # BUG: one list shared by every breaker

    def __init__(self, threshold=3, timeout=0.1):
        self.threshold, self.timeout = threshold, timeout
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
