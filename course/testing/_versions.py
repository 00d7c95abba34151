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
import operator

__all__ = ["SUPPORTED", "VIEW", "views", "read"]

_OFFSET = object.__basicsize__ + ctypes.sizeof(ctypes.c_ssize_t)
VIEW = ctypes.c_uint64  # the class of a view
_view = VIEW.from_address
_value = operator.attrgetter("value")


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


def read(tag_views: list) -> list[int]:
    """The tags, now, of the dicts `tag_views` (from `views`) look at."""
    return list(map(_value, tag_views))
