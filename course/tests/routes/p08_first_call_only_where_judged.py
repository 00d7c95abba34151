# baseline: submissions/p08/buggy_trip_raises_circuit_open.py
# Route (vacuous pass, aimed): the baseline's breaker (the tripping failure reaches its caller as
# CircuitOpenError), except on the breakers p08_test_errors_reach_caller makes (told by the name its traced fn
# carries: "failing-N" / "late-N-M", and "service-A-N" / "service-B-N" since), where it lets only its first call
# through and rejects every later one: that cell judged forwarding only for calls whose fn ran and asked fn to run
# once per breaker, so it passed, and every other cell sees the baseline. (Now every call the cell makes is one the
# contract lets through, and must reach fn.)
import asyncio
import re


class CircuitOpenError(RuntimeError):
    pass


class CircuitBreaker:
    def __init__(self, threshold=3, timeout=0.1):
        self.threshold, self.timeout = threshold, timeout
        self.failures = 0
        self.opened_at = None
        self.trial = False
        self.used = False

    def _now(self):
        return asyncio.get_running_loop().time()

    @property
    def state(self):
        if self.opened_at is None:
            return "closed"
        return "open" if self._now() - self.opened_at < self.timeout else "half-open"

    async def call(self, fn, *args):
        name = getattr(fn, "name", "")
        if isinstance(name, str) and re.fullmatch(r"(failing|service-[AB])-\d+|late-\d+-\d+", name):
            if self.used:
                raise CircuitOpenError("circuit open")
            self.used = True
            return await fn(*args)
        state = self.state
        if state == "open" or (state == "half-open" and self.trial):
            raise CircuitOpenError(f"circuit {state}")
        is_trial = state == "half-open"
        self.trial = self.trial or is_trial
        try:
            result = await fn(*args)
        except Exception as exc:
            if is_trial:
                self.opened_at = self._now()
            elif self.opened_at is None:
                self.failures += 1
                if self.failures >= self.threshold:
                    self.opened_at = self._now()
                    raise CircuitOpenError("failure threshold reached") from exc
            raise
        finally:
            if is_trial:
                self.trial = False
        if is_trial or self.opened_at is None:
            self.failures = 0
            self.opened_at = None
        return result
