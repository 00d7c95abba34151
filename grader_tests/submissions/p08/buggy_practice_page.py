# expect: p08_test_opens p08_test_one_trial p08_test_trial_outcome p08_test_rejects_open
# The practice page's circuit breaker, given the contract's names (CircuitOpenError, a
# `state` property reading its stored state) and otherwise unchanged: half-open is entered
# only inside call() and lets every concurrent caller through; a success while closed does
# not reset the failure count; and any call that succeeds while half-open closes the circuit,
# even one let through before it opened (only the trial may).
import asyncio
import time
from enum import Enum


class CircuitOpenError(RuntimeError):
    pass


class State(Enum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half-open"


class CircuitBreaker:
    def __init__(self, threshold=3, timeout=0.1):
        self._threshold = threshold
        self._timeout = timeout
        self._failures = 0
        self._state = State.CLOSED
        self._opened_at = None

    @property
    def state(self):
        return self._state.value

    async def call(self, coro_fn, *args):
        if self._state == State.OPEN:
            elapsed = time.monotonic() - self._opened_at
            if elapsed >= self._timeout:
                self._state = State.HALF_OPEN
            else:
                raise CircuitOpenError("Circuit is OPEN")

        try:
            result = await coro_fn(*args)
            if self._state == State.HALF_OPEN:
                self._state = State.CLOSED
                self._failures = 0
            return result
        except Exception as e:
            self._failures += 1
            if self._failures >= self._threshold:
                self._state = State.OPEN
                self._opened_at = time.monotonic()
                print(f"Circuit OPEN after {self._failures} failures")
            raise
