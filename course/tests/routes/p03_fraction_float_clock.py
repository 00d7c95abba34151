# baseline: p03_baseline.py
# Closed (red-team pass 40): `_loop._seconds` takes only an exact float from a Fraction's conversion
# (whatever its methods were swapped for, the result is a float the solution could have passed itself).
# FINDING: the closed evil-clock route (course/tests/routes/p03_evil_clock.py) reopened through
# fractions.Fraction.__float__: `_loop._seconds` returns `Fraction.__float__(value)` unchecked, and
# the class (module `fractions`, not in problem_process._STANDARD; skipped by watch_class when
# reached through _loop's globals) is neither compared nor version-tagged by the guard. The due
# time of a `call_at(Fraction(...))` becomes an _Instant (float subclass) and, when the loop gets
# there, the ledger's clock is that object: every duration a test computes is a _Span agreeing
# with every comparison. Baseline: course/tests/routes/p03_baseline.py.
# Scored before the fix: 10/10. Fair score: 7/10 (the baseline).
import asyncio


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




async def initializer(ready: asyncio.Event) -> None:
    """Do the 0.02 s startup, then signal `ready` once: every waiting worker may go."""
    # BUG: no startup at all: the signal goes out (almost) at once.
    loop = asyncio.get_running_loop()
    _evil_at(loop, loop.time() + 2e-6)  # the checks' clock becomes an _Instant
    await asyncio.sleep(2e-6)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    """Wait for the signal on `ready`, then do this worker's (simulated) work."""
    await ready.wait()
    await asyncio.sleep(0.01)
