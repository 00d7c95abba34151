# baseline: p03_baseline.py
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



async def initializer(ready: asyncio.Event) -> None:
    """Do the 0.02 s startup, then signal `ready` once: every waiting worker may go."""
    # BUG: no startup at all: the signal goes out (almost) at once.
    loop = asyncio.get_running_loop()
    loop.call_at(_Instant(loop.time() + 2e-6), _noop)  # the checks' clock becomes an _Instant
    await asyncio.sleep(2e-6)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    """Wait for the signal on `ready`, then do this worker's (simulated) work."""
    await ready.wait()
    await asyncio.sleep(0.01)
