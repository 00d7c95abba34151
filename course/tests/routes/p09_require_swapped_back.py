# baseline: submissions/p09/buggy_does_nothing.py
# Closed: the test cells' namespace, builtins and import table are watched by their version tags (any write during a run fails it).
# Red-team pass 39: `require` swapped in the test cells' namespace and put back at the end of
# each run, from the run's own scenario task.
# What it does: an AsyncRWLock that locks nothing (grader_tests/submissions/p09/buggy_does_nothing.py)
# whose __init__ calls _swap_require(): it finds the test cells' namespace (the __globals__ of a method of
# any class whose __module__ is "__hidden_tests__", walking type.__subclasses__ from object: P09's
# test copy of the given `Visits`), replaces `require` there with a function that agrees with
# everything, and adds to the run's "scenario" task (asyncio.all_tasks()) a done callback that puts the
# real `require` back.
# Scored before the fix: 20/20. Fair score: 0/20 (the baseline buggy_does_nothing.py scores 0/20 by its expect line).
# (The same helper in buggy_writers_overlap.py: 20/20 where it scores 15/20.)
# Why: the test cells' namespace has no version tag (README: "not the test cells' namespace, which tests
# change as they run"); the guard compares its names by identity only when it looks, in _run_one right
# after run_until_complete returns. The scenario task's done callbacks are scheduled with
# run_until_complete's stop callback and run in the same batch of _run_once, so `require` is back before
# that first look. Every `require` of the scenario (which runs after the lock's __init__) is the spy.
import asyncio


def _test_namespace():
    """The test cells' namespace: the __globals__ of a method of any class a test cell (or its copy of
    a given cell) defined there."""
    todo, seen = [object], set()
    while todo:
        cls = todo.pop()
        try:
            subs = type.__subclasses__(cls)
        except TypeError:
            continue
        for sub in subs:
            if id(sub) in seen:
                continue
            seen.add(id(sub))
            todo.append(sub)
            if getattr(sub, "__module__", None) == "__hidden_tests__":
                for member in vars(sub).values():
                    glb = getattr(member, "__globals__", None)
                    if isinstance(glb, dict) and glb.get("__name__") == "__hidden_tests__":
                        return glb
    return None


def _agree(*args, **kwargs):
    return None


def _swap_require():
    """`require` agrees with everything until the run's scenario task is done (then put back)."""
    tests = _test_namespace()
    real = tests.get("require") if tests is not None else None
    if real is None or real is _agree:
        return
    try:
        scenario = next(t for t in asyncio.all_tasks() if t.get_name() == "scenario")
    except (RuntimeError, StopIteration):
        return
    tests["require"] = _agree
    scenario.add_done_callback(lambda _task: tests.__setitem__("require", real))


import contextlib


class AsyncRWLock:
    """Locks nothing."""

    def __init__(self):
        _swap_require()

    async def acquire_read(self):
        pass

    async def release_read(self):
        pass

    async def acquire_write(self):
        pass

    async def release_write(self):
        pass

    @contextlib.asynccontextmanager
    async def reader(self):
        yield

    @contextlib.asynccontextmanager
    async def writer(self):
        yield
