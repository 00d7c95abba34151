# The start of a solution cell (course/tests/test_reach.py adds the problem's names, each calling
# `_report(what it was given)`): instead of solving the problem, it walks every object it can
# reach from where a solution stands, without frame objects or `gc` (the README's threat model):
# the running loop, every task, every thread, every module, what the test gave it, and from each
# object its attributes, closure cells, defaults, globals, bound selves, containers, weak
# references, exceptions' causes and the subclasses of every class. It raises RuntimeError
# saying how far it went and what it found that the checks keep to themselves.
import asyncio
import sys
import threading
import types
import weakref

_SKIP = (str, bytes, bytearray, int, float, complex, bool, type(None), types.CodeType, range, memoryview)
_ATTRIBUTES = ("__self__", "__func__", "__wrapped__", "__closure__", "__defaults__", "__kwdefaults__",
               "__globals__", "__dict__", "__cause__", "__context__", "args", "tb_next", "cr_await",
               "gi_yieldfrom", "ag_await", "func", "keywords", "fget", "fset", "fdel")


def _secret(obj):
    """What of the checks' own this is, or None."""
    if type(obj) is types.SimpleNamespace and hasattr(obj, "forged") and hasattr(obj, "events"):
        return "the run's ledger"
    if isinstance(obj, types.FunctionType):
        try:
            where = obj.__code__.co_qualname
        except RuntimeError:  # a test's own code, which a solution may not read
            return None
        if where.startswith("build.<locals>.") or where == "_main.<locals>.report":
            return f"the checks' own function {where}"
    if type(obj).__name__ == "Guard" and isinstance(obj, tuple):
        return "the guard"
    if type(obj).__name__ in ("_Watch", "_Progress", "Limits"):
        return f"the runner's {type(obj).__name__} (a run's bounds, what the watchdog reads)"
    return None


def _children(obj):
    if isinstance(obj, dict):
        yield from obj.keys()
        yield from obj.values()
    elif isinstance(obj, (list, tuple, set, frozenset)) or type(obj).__name__ == "deque":
        yield from list(obj)
    elif isinstance(obj, weakref.ref):
        yield obj()
    if isinstance(obj, type):
        yield from type.__subclasses__(obj) if obj is not type else ()
        yield from vars(obj).values()
        return
    if isinstance(obj, types.CellType):
        try:
            yield obj.cell_contents
        except ValueError:
            pass
        return
    for name in _ATTRIBUTES:
        try:
            yield object.__getattribute__(obj, name)
        except Exception:
            pass
    for name in getattr(type(obj), "__slots__", ()) if isinstance(getattr(type(obj), "__slots__", ()), tuple) else ():
        try:
            yield getattr(obj, name)
        except Exception:
            pass
    if isinstance(obj, asyncio.Future):
        yield from (getattr(obj, "_callbacks", None) or ())
        if isinstance(obj, asyncio.Task):
            yield obj.get_coro()
    if isinstance(obj, asyncio.Handle):
        yield getattr(obj, "_callback", None)
        yield getattr(obj, "_args", None)
    if isinstance(obj, threading.Thread):
        for name in ("_target", "_args", "_kwargs"):
            yield getattr(obj, name, None)


def _walk(*given):
    roots = [asyncio.get_running_loop(), list(asyncio.all_tasks()), threading.enumerate(),
             dict(sys.modules), object, given]
    seen, found, stack, walked = set(), set(), list(roots), 0
    while stack and walked < 1_500_000:
        obj = stack.pop()
        if isinstance(obj, _SKIP) or id(obj) in seen:
            continue
        seen.add(id(obj))
        walked += 1
        secret = _secret(obj)
        if secret is not None:
            found.add(secret)
            continue
        try:
            stack.extend(_children(obj))
        except Exception:
            pass
    return walked, found


def _report(*given):
    walked, found = _walk(*given)
    raise RuntimeError(f"walked {walked} objects; found: {', '.join(sorted(found)) or 'nothing'}")
