"""Which tasks a task awaits, and which await it: what asyncio passes a cancellation along, read
from asyncio's own fields.

A call may hand its work to a task it awaits (`await asyncio.create_task(...)`, a gather, a
TaskGroup it waits on at the end of its `async with`). Cancelling the call then cancels that
task (asyncio passes the cancellation on), and a lock the call holds covers that task's
writes (the call cannot go on, and release it, before the task is over). Two questions use it:

- `awaits(owner, task)` / `hands_on(task)`: the cancellation sweeps count the suspension
  points of the tasks a target waits for as its own (see `VirtualTimeLoop.cancel_at`), through
  asyncio.wait and shield too, where a solution passes the cancellation on by hand;
- `awaiters(task)`: the tasks that await `task` now, nearest first, each checked from above
  (it really awaits the one below it); the trace files them with each event
  (`TraceEvent.awaiters`), so "held by the task that wrote, or by a task awaiting it" can be
  asked of a lock.

What is read: a task's awaited future through asyncio.Task's own descriptor, futures' done
callbacks of asyncio's own kinds only (a task's wake-up, gather's, asyncio.wait's, shield's and
3.11 wait_for's callbacks, recognised by type and code object bound at import, and a TaskGroup's
`_on_task_done`), and a TaskGroup's fields; no method of an object of a solution's is called.
Every link is found from below (what the finishing of a task wakes) and checked from above (the
future the task above awaits is the one that callback completes): the fields a solution can edit
(a gather's `_children`, a TaskGroup's `_tasks`) only offer candidates, so a task named there that
never runs (made on a loop that never runs) hides no suspension, and a child left out of them is
still found. A solution can still rebind the cells of those callbacks' closures: that links its
own tasks to futures they do not complete, i.e. more moments (each one at which the target is
suspended, a legal moment to cancel it) for a sweep.
"""

from __future__ import annotations

import asyncio
import functools
import types
from typing import Any

from ._code import code_of
from ._identity import identity

__all__ = ["awaited", "awaits", "hands_on", "awaiters"]

#: The code of TaskGroup.__aexit__, where a task waits for its group's tasks (bound now).
_TASK_GROUP_EXIT = asyncio.TaskGroup.__aexit__.__code__
_GATHERING = asyncio.tasks._GatheringFuture
# The future a task awaits, read with asyncio.Task's own descriptor (a subclass may shadow it).
_FUT_WAITER = asyncio.Task._fut_waiter.__get__


def _waiter(task: asyncio.Task) -> Any:
    """The future `task` awaits now (None: it is about to take a step, or not a C task)."""
    try:
        return _FUT_WAITER(task)
    except TypeError:
        return None


def awaited(task: asyncio.Task, _task=asyncio.Task, _done=asyncio.Future.done) -> list:
    """The tasks `task` awaits now, to which asyncio passes a cancellation of `task` on: the task
    it awaits, the children of a gather it awaits, the tasks of a TaskGroup whose `async with`
    it is leaving. (Read from asyncio's own fields; what a solution does to them only changes
    which of its moments count as suspension points, each a moment `task` is suspended.)"""
    waiter = _waiter(task)
    if waiter is None or _done(waiter):
        return []
    if isinstance(waiter, _task):
        return [waiter]
    if type(waiter) is _GATHERING:
        children = getattr(waiter, "_children", ())  # (the class is asyncio's own: no code of a solution's)
        return [child for child in children if isinstance(child, _task)] if type(children) is list else []
    group = _group_being_left(task)
    tasks = group.__dict__.get("_tasks", ()) if isinstance(group, asyncio.TaskGroup) else ()
    return [child for child in tasks if isinstance(child, _task)] if type(tasks) is set else []


def _group_being_left(task: asyncio.Task, _task=asyncio.Task, _coroutine=types.CoroutineType) -> Any:
    """The `self` of the TaskGroup `__aexit__` that `task` is suspended in (waiting for the group's
    tasks), or None: read down its chain of real coroutines (no code of a solution's runs here)."""
    coro, depth = _task.get_coro(task), 0
    while type(coro) is _coroutine and depth < 50:
        depth += 1
        frame = coro.cr_frame
        if frame is not None and frame.f_code is _TASK_GROUP_EXIT:
            return frame.f_locals.get("self")
        coro = coro.cr_await
    return None


def hands_on(task: asyncio.Task, _done=asyncio.Future.done, _loop_of=asyncio.Task.get_loop) -> bool:
    """Whether `task` waits for a task that is about to take a step (made and not yet run, or
    woken): a suspension that only hands the work on to it. Only a task of `task`'s own loop that
    really wakes `task` when done counts (`_parents`): one named in a gather's or a TaskGroup's
    fields alone (edited, or made on a loop that never runs) would hide `task`'s suspension."""
    loop = _loop_of(task)
    return any(not _done(child) and _waiter(child) is None and _loop_of(child) is loop
               and any(up is task for up in _parents(child)) for child in awaited(task))


def awaits(owner: asyncio.Task, task: asyncio.Task) -> bool:
    """Whether `owner` waits for `task`, directly or through tasks it waits for, each link found
    from below (`_parents`: what `task`'s completion wakes) and checked from above (the future the
    task above awaits): through an await, a gather, a TaskGroup, asyncio.wait, shield or 3.11's
    wait_for. (Where asyncio does not pass a cancellation on, as with wait and shield, a moment the
    task waited for is suspended is still one at which `owner` is suspended: a legal moment.)"""
    seen, todo = {identity(task)}, [task]
    while todo and len(seen) < 200:
        for parent in _parents(todo.pop()):
            if parent is owner:
                return True
            if identity(parent) not in seen:
                seen.add(identity(parent))
                todo.append(parent)
    return False


_CALLBACKS = asyncio.Future._callbacks.__get__


def _parents(below: Any, _task=asyncio.Task, _future=asyncio.Future, depth: int = 0) -> list:
    """The tasks that `below` (a task or future) finishing wakes, each checked from above: a task
    whose awaited future is `below` (its wake-up is among `below`'s done callbacks), or is the
    future one of asyncio's own callbacks on `below` completes (a gather's, asyncio.wait's,
    shield's, 3.11 wait_for's; through gathers of gathers), or that leaves the `async with` of the
    TaskGroup whose callback is on `below`. Callbacks of other kinds (a solution's own) are
    ignored; no method of a solution's object is called."""
    try:
        callbacks = _CALLBACKS(below)
    except TypeError:
        return []
    found = []
    for entry in callbacks or ():
        if type(entry) is not tuple or not entry:
            continue
        callback = entry[0]
        kind = type(callback)
        if kind is types.BuiltinMethodType and callback.__name__ == "task_wakeup":
            owner = callback.__self__
            if isinstance(owner, _task) and _waiter(owner) is below:
                found.append(owner)
        elif kind is types.MethodType and callback.__func__ is _GROUP_DONE:
            group = callback.__self__
            owner = group.__dict__.get("_parent_task") if isinstance(group, asyncio.TaskGroup) else None
            if isinstance(owner, _task) and _group_being_left(owner) is group:
                found.append(owner)
        elif depth < 20:
            completes = None
            if kind is types.FunctionType:
                code, cell = code_of(callback), None
                for known, index in _COMPLETES:
                    if code is known:
                        cell = index
                closure = callback.__closure__
                if cell is not None and closure is not None and len(closure) > cell:
                    completes = closure[cell].cell_contents
            elif kind is functools.partial and callback.func is _RELEASE_WAITER and callback.args:
                completes = callback.args[0]
            if isinstance(completes, _future) and completes is not below:
                found += _parents(completes, depth=depth + 1)
    return found


def awaiters(task: asyncio.Task | None) -> list:
    """The tasks awaiting `task` now, nearest first: the task that awaits it (directly, through a
    gather, asyncio.wait or shield, or leaving the `async with` of a TaskGroup it runs in), the
    task awaiting that one, and so on; each link found and checked as `_parents` says."""
    chain: list = []
    if task is None:
        return chain
    seen, below = {identity(task)}, task
    while len(chain) < 50:
        for parent in _parents(below):
            if identity(parent) not in seen:
                chain.append(parent)
                seen.add(identity(parent))
                below = parent
                break
        else:
            return chain
    return chain


def _nested_code(function: Any, name: str) -> types.CodeType | None:
    """The code of the function `name` nested in asyncio's own `function` (read from asyncio's own,
    through any wrapper: this module is imported before a check process replaces some)."""
    while getattr(function, "__module__", None) != "asyncio.tasks" and hasattr(function, "__wrapped__"):
        function = function.__wrapped__
    for const in getattr(getattr(function, "__code__", None), "co_consts", ()):
        if isinstance(const, types.CodeType) and const.co_name == name:
            return const
    return None


def _completes() -> tuple:
    """((code of an asyncio callback put on what a caller waits for, the index, among its closure's
    cells, of the future it completes), ...): gather's per-child callback (`outer`), asyncio.wait's
    (`waiter`), shield's inner one (`outer`). A tuple: a MappingProxyType would hand its dict to
    `x.__eq__` in `proxy == x`."""
    table = []
    for function, name, cell in ((asyncio.tasks.gather, "_done_callback", "outer"),
                                 (asyncio.tasks._wait, "_on_completion", "waiter"),
                                 (asyncio.tasks.shield, "_inner_done_callback", "outer")):
        code = _nested_code(function, name)
        if code is not None and cell in code.co_freevars:
            table.append((code, code.co_freevars.index(cell)))
    return tuple(table)


_COMPLETES = _completes()
# 3.11's wait_for wakes its caller through functools.partial(_release_waiter, waiter).
_RELEASE_WAITER = getattr(asyncio.tasks, "_release_waiter", None)
_GROUP_DONE = asyncio.TaskGroup._on_task_done
