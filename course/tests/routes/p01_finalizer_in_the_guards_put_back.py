# baseline: submissions/p01/buggy_does_nothing.py
# Route (red-team pass 112): the guard's audit hook let through every `object.__setattr__` of the thread inside
# its own put-back (`fix()`). A collection's finalizer is a solution's code run in that very thread: collected
# inside fix() (gc threshold 1, garbage renewed by a thread), it gave `_runner._check_in_process` the code of a
# fake that recorded a pass for every seed. No dict was written (the seal's tags never moved) and the hook noted
# nothing: 10/10 for an empty increment (full marks on all eleven problems). The finalizer knew it was inside
# fix() because `lock.__class__ = Lock` went through only there. Now the collector is off during a put-back,
# the hook lets through only the one write the put-back is making, and the seal compares the checks' functions'
# code and defaults as well.
async def increment(counter, lock, n):
    pass
import asyncio, gc, threading, time
import course.testing._runner as _r

_TARGET = _r._check_in_process


def _fake(guard, scenario, seeds, limits):
    name = scenario.__name__
    for seed in seeds:
        guard.record(name, seed, True, "")
    return [None] * len(seeds), ""


_FAKE = _fake.__code__
_LKC = asyncio.Lock
_LK = _LKC()


class _Cycle:
    def __init__(self):
        self.me = self

    def __del__(self):
        _Cycle()  # more garbage for the next collection
        if _TARGET.__code__ is _FAKE:
            return
        try:
            # Refused (and noted, so the guard's next restore puts back every part) unless the guard
            # itself is busy putting back in this very thread: then its audit hook looks away.
            _LK.__class__ = _LKC
        except BaseException:
            return
        try:
            _TARGET.__code__ = _FAKE
        except BaseException:
            pass


def _rearm():
    while True:
        time.sleep(0.002)
        _Cycle()


threading.Thread(target=_rearm, daemon=True).start()
_Cycle()
gc.set_threshold(1, 10**6, 10**6)
