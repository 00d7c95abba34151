# expect: full marks
# Red-team pass 21 (fairness): a helper task started when the circuit opens sleeps out the timeout,
# then moves the state to "half-open" (reopening cancels and restarts it). It had 0/20: every
# scenario that ended while the countdown still slept failed as untidy ("tasks were still running
# when the scenario finished"). A passed scenario's leftover tasks now get a minute of virtual time
# to end by themselves (course.testing._runner.GRACE); a task still running after that fails.
import asyncio


class CircuitOpenError(RuntimeError):
    pass


class CircuitBreaker:
    def __init__(self, threshold=3, timeout=0.1):
        self.threshold = threshold
        self.timeout = timeout
        self._state = "closed"
        self._failures = 0
        self._sleeper = None
        self._trial_busy = False

    @property
    def state(self):
        return self._state

    async def _count_down(self):
        await asyncio.sleep(self.timeout)
        self._state = "half-open"

    def _open(self):
        self._state = "open"
        if self._sleeper is not None:
            self._sleeper.cancel()
        self._sleeper = asyncio.create_task(self._count_down())

    async def call(self, fn, *args):
        if self._state == "open":
            raise CircuitOpenError("circuit open")
        if self._state == "half-open":
            if self._trial_busy:
                raise CircuitOpenError("trial running")
            self._trial_busy = True
            try:
                result = await fn(*args)
            except Exception:
                self._open()
                raise
            finally:
                self._trial_busy = False
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
