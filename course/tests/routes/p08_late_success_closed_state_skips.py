# baseline: submissions/p08/buggy_late_success_frees_second_trial.py
# Route (a check that disables itself on the solution's own word, the kind of p08_closed_after_cancel_skips):
# calls_ending_during_the_trial (in p08_test_one_trial) stopped, unjudged, as soon as the breaker's `state` read
# "closed" after a call let through while closed ended during the trial ("p08_test_rejects_open's business"). The
# baseline's breaker, whose late success frees a second trial while the first still runs, with `state` reading
# "closed" exactly while that second trial is free: the caller who would go through as a second trial never comes.
import time


class CircuitOpenError(RuntimeError):
    """The circuit rejected the call."""


class CircuitBreaker:
    def __init__(self, threshold=3, timeout=0.1):
        self.threshold, self.timeout = threshold, timeout
        self.recent_failures = []
        self.open_since = None
        self.probing = False
        self.probes_running = 0  # the trick's own count of trial calls still in fn

    @property
    def state(self):
        if self.open_since is None:
            return "closed"
        if time.monotonic() < self.open_since + self.timeout:
            return "open"
        if self.probes_running and not self.probing:  # the trick: a second trial is free while one runs
            return "closed"
        return "half-open"

    async def call(self, fn, *args):
        current = self.state
        if current == "open":
            raise CircuitOpenError(f"open since {self.open_since}")
        if current == "half-open" and self.probing:
            raise CircuitOpenError("half-open: the trial call is running")
        probe = current == "half-open"
        self.probing = self.probing or probe
        self.probes_running += probe
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
            self.probes_running -= probe
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
