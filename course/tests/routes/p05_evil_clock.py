# baseline: p05_baseline.py
import asyncio
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


class TokenBucket:
    """Admit `rate` requests per second on average, in bursts of up to `max_tokens`."""

    def __init__(self, rate: float, max_tokens: int) -> None:
        self.rate = rate
        self.max_tokens = max_tokens

    async def acquire(self) -> None:
        """Take one token, first sleeping until there is one."""
        # BUG (a blank bucket): admits everyone at once, never limits anything.
        loop = asyncio.get_running_loop()
        # A timer whose due time is an _Instant: when the loop's clock moves to it, the
        # checks' clock (the ledger's `now`) *is* that object from then on.
        loop.call_at(_Instant(loop.time() + 2e-6), _noop)
        await asyncio.sleep(2e-6)
