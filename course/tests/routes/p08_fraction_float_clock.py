# baseline: p08_baseline.py
# Closed (red-team pass 40): `_loop._seconds` takes only an exact float from a Fraction's conversion
# (whatever its methods were swapped for, the result is a float the solution could have passed itself).
# FINDING: the closed evil-clock route (course/tests/routes/p08_evil_clock.py) reopened through
# fractions.Fraction.__float__: `_loop._seconds` returns `Fraction.__float__(value)` unchecked, and
# the class (module `fractions`, not in problem_process._STANDARD; skipped by watch_class when
# reached through _loop's globals) is neither compared nor version-tagged by the guard. The due
# time of a `call_at(Fraction(...))` becomes an _Instant (float subclass) and, when the loop gets
# there, the ledger's clock is that object: every duration a test computes is a _Span agreeing
# with every comparison. Baseline: course/tests/routes/p08_baseline.py.
# Scored before the fix: 20/20. Fair score: 13/20 (the baseline).
import asyncio
import time


class _Span(float):
    """A duration that agrees with every check: <= / >= / > / == anything, < nothing."""

    def __lt__(self, other): return False
    def __le__(self, other): return True
    def __gt__(self, other): return False
    def __ge__(self, other): return True
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    __hash__ = float.__hash__
    def _same(self, *other): return self
    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __truediv__ = __rtruediv__ = _same
    __neg__ = __round__ = _same
    def __abs__(self): return 0.0


class _Instant(float):
    """A moment of the loop's clock: ordered as the float it is (so the loop runs as usual),
    later moments stay _Instants, and the time between two of them is a _Span."""

    def __add__(self, other): return _Instant(float(self) + float(other))
    __radd__ = __add__
    def __sub__(self, other): return _Span(float(self) - float(other))
    def __rsub__(self, other): return _Span(float(other) - float(self))
    def __round__(self, ndigits=None): return _Span(round(float(self), ndigits))


def _noop():
    pass


def _evil_at(loop, when):
    """loop.call_at(when) with the due time turned into an _Instant by Fraction.__float__
    (fractions is not watched by the guard: no compare, no version tag), put back at once."""
    import fractions
    cls = fractions.Fraction
    own = cls.__dict__.get("__float__")  # (3.11: none of its own, numbers.Rational's is used)
    real = cls.__float__
    cls.__float__ = lambda self: _Instant(real(self))
    try:
        loop.call_at(cls(when), _noop)
    finally:
        if own is None:
            del cls.__float__
        else:
            cls.__float__ = own





class CircuitOpenError(RuntimeError):
    """Raised by CircuitBreaker.call when it rejects a call without trying it."""


class CircuitBreaker:
    """Fail fast while a dependency is down; after `timeout`, let one trial call through."""

    def __init__(self, threshold: int = 3, timeout: float = 0.1) -> None:
        # Keep the settings, the number of failures in a row, when the circuit opened
        # (None while it is closed), and whether the half-open trial call is running.
        self.threshold = threshold
        self.timeout = timeout
        self._failures = 0
        self._opened_at = None
        self._trial_running = False

    @property
    def state(self) -> str:
        """The state now: "closed", "open", or "half-open" once `timeout` has passed."""
        # Work it out from the clock each time it is read: nothing has to "flip" it.
        if self._opened_at is None:
            return "closed"
        if float(time.monotonic()) - self._opened_at < self.timeout:
            return "open"
        return "half-open"

    async def call(self, fn, *args):
        """Return `await fn(*args)`, or raise CircuitOpenError without calling fn."""
        # 1. Decide, with no `await` in between: reject (open, or a trial is running), or
        #    go ahead; in half-open state this call becomes the trial.
        # 2. Await fn(*args). On an exception: count the failure (or reopen after a failed
        #    trial) and re-raise it. On success: reset the count (and close after a trial).
        state = self.state
        if state == "open" or (state == "half-open" and self._trial_running):
            # BUG: a rejected call backs off 1 ms before it fails (it does not fail fast).
            loop = asyncio.get_running_loop()
            _evil_at(loop, loop.time() + 0.001)  # the checks' clock becomes an _Instant
            await asyncio.sleep(0.001)
            raise CircuitOpenError(f"the circuit is {state}: call rejected without trying it")
        trial = state == "half-open"
        if trial:
            self._trial_running = True
        try:
            result = await fn(*args)
        except Exception:
            if trial:
                self._opened_at = float(time.monotonic())  # open again, for a full timeout
            elif self._opened_at is None:  # a late failure while open changes nothing
                self._failures += 1
                if self._failures >= self.threshold:
                    self._opened_at = float(time.monotonic())
            raise
        finally:
            if trial:  # however the trial ended (even cancelled), it is over
                self._trial_running = False
        if trial or self._opened_at is None:
            self._failures = 0
            self._opened_at = None
        return result
