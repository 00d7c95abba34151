# baseline: p05_baseline.py
# Closed (red-team pass 40): `_loop._seconds` takes only an exact float from a Fraction's conversion
# (whatever its methods were swapped for, the result is a float the solution could have passed itself).
# FINDING: an evil clock through fractions.Fraction.__float__ (not watched, not tagged).
# What: `_loop._seconds` turns a Fraction delay/due time into seconds with
#   `_fraction.__float__(value)` (the default `_fraction` is the Fraction class). The class is
#   from `fractions`, which is not in problem_process._STANDARD, and `watch_class` skips it when
#   reached through `_loop`'s globals (`cls.__module__ != module_name`): its dict is neither
#   compared nor version-tagged. So a solution sets `Fraction.__float__` to a function that
#   returns an object of its own (a float subclass `_Instant`), calls `loop.call_at(Fraction(...))`
#   and puts `__float__` back at once. `_seconds` returns the _Instant unchecked; when the loop
#   reaches that timer the ledger's clock IS the _Instant, and every duration a test computes
#   from it is a `_Span` that agrees with every comparison (the closed route
#   course/tests/routes/p05_evil_clock.py, which a float subclass passed directly no longer reaches).
# Scored before the fix: 10/15 (p05_test_no_needless_wait and p05_test_idle_refill still fail). Fair score: 2/15.
import asyncio
import fractions
import time


class _Span(float):
    """A duration that agrees with every check: <= / >= / > / == anything, < nothing."""

    def __lt__(self, other): return False
    def __le__(self, other): return True
    def __gt__(self, other): return True
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


class TokenBucket:
    """Admit `rate` requests per second on average, in bursts of up to `max_tokens`."""

    def __init__(self, rate: float, max_tokens: int) -> None:
        self.rate = rate
        self.max_tokens = max_tokens

    async def acquire(self) -> None:
        """Take one token, first sleeping until there is one."""
        # BUG (a blank bucket): admits everyone at once, never limits anything.
        loop = asyncio.get_running_loop()
        _evil_at(loop, loop.time() + 2e-6)
        await asyncio.sleep(2e-6)
