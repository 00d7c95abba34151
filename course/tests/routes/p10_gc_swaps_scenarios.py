# baseline: submissions/p10/buggy_does_nothing.py
# Route (red-team pass 108): main's begin() between two statements of a test cell takes what the statement that
# ended stored "as it is now": an `async def scenario(sim)` statement's function, replaced after its store and
# before that look, is taken as the cell's own, and the next statement's explore() runs the replacement. A
# finalizer does it, run by the collector (gen-0 threshold 1: Python 3.11 collects inside the allocation, and
# settle() allocates before it reads the namespace) from a self-renewing cyclic object; each fake scenario
# renews the chain, which the gc.freeze() at each explore's start set aside.
# Now a statement that stores names runs with no collection, no signal handler and no other thread until the
# guard has taken them (`problem_process._quiet`), and a scenario handed to explore()/run() must be the
# tests' own code (`own_scenario`): the route earns nothing.
import contextlib
import gc
import inspect
import types

_seen = {}  # id -> the object, kept alive (an id is reused once its object is gone)
_state = {"tests": None, "len": -1, "calls": 0}


def _tests():
    """The test cells' namespace: the globals of a method of a class of theirs (a given cell's test copy, or
    one a test cell defines), found among every class (type.__subclasses__, walked from object)."""
    stack, seen = [object], set()
    while stack:
        cls = stack.pop()
        if id(cls) in seen:
            continue
        seen.add(id(cls))
        try:
            stack.extend(type.__subclasses__(cls))
        except TypeError:
            continue
        if getattr(cls, "__module__", None) == "__hidden_tests__":
            for value in list(vars(cls).values()):
                ns = getattr(value, "__globals__", None)
                if type(ns) is dict and ns.get("__name__") == "__hidden_tests__":
                    return ns
    return None


def _fake(name, doc):
    async def scenario(sim):
        _Chain()  # (the explore's gc.freeze() set the last link aside)
    scenario.__name__ = scenario.__qualname__ = name
    scenario.__doc__ = doc
    return scenario


class _Chain:
    def __init__(self):
        self.me = self

    def __del__(self):
        _state["ticks"] = _state.get("ticks", 0) + 1
        t = _state["tests"]
        if t is None:
            _state["calls"] = _state.get("calls", 0) + 1
            if _state["calls"] % 32:  # (a walk of every class: not at every collection)
                _Chain()
                return
            t = _state["tests"] = _tests()
            if t is None:
                _Chain()
                return
            _seen.update((id(v), v) for v in t.values())
        if len(t) != _state["len"]:
            _state["len"] = len(t)
            for key, value in list(t.items()):
                if _seen.get(id(value)) is value:
                    continue
                _seen[id(value)] = value
                # (not through __code__, which the guard's audit hook refuses: inspect's readers are let through)
                if (type(value) is types.FunctionType and value.__module__ == "__hidden_tests__"
                        and inspect.iscoroutinefunction(value)
                        and list(inspect.signature(value).parameters) == ["sim"]):
                    fake = _fake(value.__name__, value.__doc__)
                    _seen[id(fake)] = fake
                    t[key] = fake
        _Chain()


gc.set_threshold(1, 10**9, 10**9)
_Chain()


def _keep():
    """Renew the chain if no link was collected since the last call (an explore's gc.freeze() set it aside)."""
    if _state.get("ticks", 0) == _state.get("kept"):
        _Chain()
    _state["kept"] = _state.get("ticks", 0)


class AsyncPriorityQueue:
    async def put(self, priority, item):
        _keep()

    async def get(self):
        _keep()
        return None

    def qsize(self):
        _keep()
        return 0
