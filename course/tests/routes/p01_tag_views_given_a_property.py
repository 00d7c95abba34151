# baseline: submissions/p01/buggy_does_nothing.py
# Route (red-team pass 113): the guard read every dict version tag as `view.value`, its views being objects of
# `ctypes.c_uint64`, a class of Python code in a module it does not watch. A property set on that class answered
# every read with a number equal to every other: no tag ever moved, the seal never broke, every look took its
# quick path, and a fake `_runner._check_in_process` planted once the seal was read recorded a pass for every
# seed (full marks for an empty solution on every problem). Now the tags are read by the getter of ctypes' own
# `_SimpleCData.value` (a built-in type's), bound at import, with `list` and `map` bound too.
async def increment(counter, lock, n):
    pass

# --- the trick: the guard's dict version tags are read as `view.value` of `ctypes.c_uint64` views
# (`course.testing._versions.read`: `operator.attrgetter("value")`). `ctypes.c_uint64` is a class of a module
# the guard does not watch, so a property on it answers every read, with a number equal to every other: no tag
# ever moves, the seal never breaks and `same(part)` takes its quick path. No memory is read or written: the
# property never calls into ctypes. A fake `_runner._check_in_process`, planted just after the seal, records a
# pass for every seed. ---
import ctypes
import course.testing._runner as _r

_G = vars(_r)


class _Tag(int):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = int.__hash__


_SAME = _Tag(0)
_seen = set()
_runs = []      # lengths of the runs of never-seen views read in a row
_st = [0, 0]    # [length of the current run of new views, reads of known views since the last big run]


def _FAKE(guard, scenario, seeds, limits):
    for seed in seeds:
        guard.record(scenario.__name__, seed, True, "")
    return [None] * len(seeds), ""


def _tag(view):
    key = id(view)
    if key not in _seen:
        _seen.add(key)
        _st[0] += 1
        return _SAME
    if _st[0]:
        if _st[0] >= 20:
            _runs.append(_st[0])
            _st[1] = 0
        _st[0] = 0
    _st[1] += 1
    # Main's first test cell: the base's first look (a big run of new views), the tags, then the seal's
    # first read of the world's views (one more big run), the seal's own look at the base; then main's
    # restore, where the fake goes in.
    if len(_runs) >= 2 and _st[1] > _runs[0] and _G["_check_in_process"] is not _FAKE:
        _G["_check_in_process"] = _FAKE
    return _SAME


ctypes.c_uint64.value = property(_tag)
