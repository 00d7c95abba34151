# baseline: submissions/p01/buggy_does_nothing.py
# Route (red-team pass 113, the same kind as p01_tag_views_given_a_property): the tag reader looked up `list` and
# `map` in builtins at every call; `builtins.map` replaced at check time answered the guard's tag reads with
# numbers equal to every other, and a fake `_check_in_process` recorded passes (9/10 for an empty increment; 13
# of 15 on P04, 18 of 20 on P08 and P11). Now the reader's builtins are bound as defaults.
async def increment(counter, lock, n):
    if _G["_check_in_process"] is not _FAKE:
        vars(builtins)["map"] = _map
        _G["_check_in_process"] = _FAKE

import builtins
import course.testing._runner as _r
import course.testing._versions as _v

_G = vars(_r)
_real_map, _value = builtins.map, _v._value


class _Tag(int):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = int.__hash__


_SAME = _Tag(0)


def _map(fn, *its):
    if fn is _value and len(its) == 1 and type(its[0]) is list:
        return iter([_SAME] * len(its[0]))
    return _real_map(fn, *its)


def _FAKE(guard, scenario, seeds, limits):
    for seed in seeds:
        guard.record(scenario.__name__, seed, True, "")
    return [None] * len(seeds), ""
