# expect: full marks
# The states are members of a str-valued Enum: each is a str ("closed", "open",
# "half-open") of a subclass of its own, and compares equal to those strings as any
# str does. A check that reads the state by its characters accepts this style.
import asyncio
import enum


class CircuitOpenError(RuntimeError):
    pass


class State(str, enum.Enum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half-open"


class CircuitBreaker:
    def __init__(self, threshold=3, timeout=0.1):
        self.threshold, self.timeout = threshold, timeout
        self.failures = 0
        self.opened_at = None
        self.trial = False

    def _now(self):
        return asyncio.get_running_loop().time()

    @property
    def state(self):
        if self.opened_at is None:
            return State.CLOSED
        if self._now() - self.opened_at < self.timeout:
            return State.OPEN
        return State.HALF_OPEN

    async def call(self, fn, *args):
        state = self.state
        if state is State.OPEN or (state is State.HALF_OPEN and self.trial):
            raise CircuitOpenError(f"circuit {state.value}")
        is_trial = state is State.HALF_OPEN
        self.trial = self.trial or is_trial
        try:
            result = await fn(*args)
        except Exception:
            if is_trial:
                self.opened_at = self._now()
            elif self.opened_at is None:
                self.failures += 1
                if self.failures >= self.threshold:
                    self.opened_at = self._now()
            raise
        finally:
            if is_trial:
                self.trial = False
        if is_trial or self.opened_at is None:
            self.failures = 0
            self.opened_at = None
        return result
