# baseline: submissions/p08/buggy_trip_raises_circuit_open.py
# Route (vacuous pass): p08_test_errors_reach_caller judges "what fn raises or returns reaches the caller
# unchanged" only for calls whose fn ran, and asks only that fn ran at least once per breaker. A breaker that
# lets exactly its first call through (unchanged) and rejects every later call with CircuitOpenError never
# calls fn where its forwarding could be judged wrong: it earns the cell its baseline, which forwards every
# outcome but the tripping failure, loses.
import asyncio


class CircuitOpenError(RuntimeError):
    pass


class CircuitBreaker:
    def __init__(self, threshold=3, timeout=0.1):
        self.threshold, self.timeout = threshold, timeout
        self.used = False

    @property
    def state(self):
        return "open" if self.used else "closed"

    async def call(self, fn, *args):
        if self.used:
            raise CircuitOpenError("circuit open")
        self.used = True
        return await fn(*args)
