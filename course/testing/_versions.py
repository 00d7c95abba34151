"""Dict version tags (PEP 509's `ma_version_tag`), read in place: whether a dict changed since a
moment, even when the change was put back before anyone looked.

Side: the checks' (loaded in a check process before any student code runs). CPython 3.11-3.13
move a dict's tag to a new, process-wide unique value at every change of the dict (an entry
replaced and put back included); the tag is not exposed to Python, so it is read with ctypes at
its offset (after PyObject_HEAD and `ma_used`). `SUPPORTED` says whether this interpreter's dicts
behave so (checked on a probe dict at import); where they do not, `views` returns None and a
caller sees only what differs when it looks (the README's known gap).
"""

from __future__ import annotations

import ctypes

__all__ = ["SUPPORTED", "VIEW", "views", "read"]

_OFFSET = object.__basicsize__ + ctypes.sizeof(ctypes.c_ssize_t)
VIEW = ctypes.c_uint64  # the class of a view
_view = VIEW.from_address
# A view's value, read by the getter of ctypes' own `_SimpleCData.value` (a built-in, immutable type's),
# bound now: `VIEW` is a class of Python code, and a property a solution set on it (`c_uint64.value =
# property(...)`) answered every read with a number equal to every other, so no tag ever moved and the
# guard saw nothing at all (red-team pass 113: full marks for an empty solution on every problem).
_value = ctypes._SimpleCData.__dict__["value"].__get__


def _probe() -> bool:
    probe = {"x": 0}
    tag = _view(id(probe) + _OFFSET)
    first = tag.value
    probe["x"] = 1
    second = tag.value
    probe["x"] = 0
    return first != second != tag.value != first


SUPPORTED = _probe()


def views(dicts: list[dict]) -> list | None:
    """One in-place view of each dict's tag (read them with `read`), or None where tags cannot be
    read. The caller keeps the dicts alive (a view does not)."""
    if not SUPPORTED:
        return None
    return [_view(id(mapping) + _OFFSET) for mapping in dicts]


def read(tag_views: list, _list=list, _map=map, _value=_value) -> list[int]:
    """The tags, now, of the dicts `tag_views` (from `views`) look at: exact ints. (Builtins bound as
    defaults: `builtins.map` replaced during a run blinded the tags as well, red-team pass 113.)"""
    return _list(_map(_value, tag_views))
