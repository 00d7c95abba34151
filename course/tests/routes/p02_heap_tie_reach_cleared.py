# baseline: p02_reach_hint_cleared_baseline.py
# Red-team pass 84: pass 83's route (p02_reach_hint_cleared) with the reach hints reached again, now
# through the run's ledger. The loop's timer heap holds (when, loop._timer_numbers, timer) tuples;
# `loop._timer_numbers` is the solution's to replace. A number that says "equal" to a sweep's cut
# timer's own (negative, `ledger.cut_numbers`) makes the heap's tuple comparison go on to the timers
# (TimerHandle.__eq__: _when, _callback, _args item by item): a timer of ours due at the very moment
# of the cut (a chain over the 0.1 ms grid, where 1- to 4-digit landings fall), with a callback and
# three arguments equal to anything, is handed the cut timer's args, (task, key, ledger). The ledger
# holds `reached` (the guard's dict): emptied at each call, every sweep is a first one.

import asyncio

_caught = {}          # id(loop) -> the run's ledger
_reached = [{}]       # how far each trial's sweeps reached (Guard.reached), once caught
_arm = [False]


class _Seq:
    __slots__ = ("n", "armed")

    def __init__(self, n, armed):
        self.n, self.armed = n, armed

    def _key(self, other):
        return other.n if type(other) is _Seq else other

    def __lt__(self, other):
        return self.n < self._key(other)

    def __gt__(self, other):
        return self.n > self._key(other)

    def __le__(self, other):
        return self.n <= self._key(other)

    def __ge__(self, other):
        return self.n >= self._key(other)

    def __eq__(self, other):
        if type(other) is int and other < 0:   # a sweep's cut timer: numbered by the ledger
            return self.armed
        return self is other
    __hash__ = object.__hash__


def _numbers():
    n = 0
    while True:
        n += 1
        yield _Seq(n, _arm[0])


class _Spy:
    def __eq__(self, other):
        if hasattr(other, "due_cuts") and hasattr(other, "plan"):
            _caught[id(other.loop)] = other
            _reached[0] = other.reached   # the guard's own dict, for the process's life
        return True
    __hash__ = object.__hash__


_SPY = _Spy()


class _Tick:
    def __init__(self, loop, j, end):
        self.loop, self.j, self.end = loop, j, end

    def __eq__(self, other):
        return True
    __hash__ = object.__hash__

    def __call__(self, *_):
        _disarm(self.loop)
        if self.j + 1 < self.end:
            _push(self.loop, self.j + 1, self.end)


def _push(loop, j, end):
    _arm[0] = True
    try:
        loop.call_at(j / 10**4, _Tick(loop, j, end), _SPY, _SPY, _SPY)
    finally:
        _arm[0] = False


def _disarm(loop):
    pass



_names = {}   # id(loop) -> (loop, set of task names seen)


def _seen_before():
    loop = asyncio.get_running_loop()
    _, names = _names.setdefault(id(loop), (loop, set()))
    name = asyncio.current_task().get_name()
    seen = name in names
    names.add(name)
    return seen


async def api_call(task_id, semaphore, active):
    loop = asyncio.get_running_loop()
    if not getattr(loop, "_ours", False):
        loop._timer_numbers = _numbers()
        loop._ours = True
    _reached[0].clear()
    careful = _seen_before()
    await asyncio.sleep(0)
    async with semaphore:
        active.add(task_id)
        first = int(loop.time() * 10**4) + 1
        _push(loop, first, first + 100)
        try:
            await asyncio.sleep(0.01)
        except asyncio.CancelledError:
            if careful:
                active.discard(task_id)
            raise
        active.discard(task_id)
