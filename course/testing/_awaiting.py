"""Which tasks a task awaits, and which await it: what asyncio passes a cancellation along, read
from asyncio's own fields.

A call may hand its work to a task it awaits (`await asyncio.create_task(...)`, a gather, a
TaskGroup it waits on at the end of its `async with`). Cancelling the call then cancels that
task (asyncio passes the cancellation on), and a lock the call holds covers that task's
writes (the call cannot go on, and release it, before the task is over). Two questions use it:

- `awaits(owner, task)` / `hands_on(task)`: the cancellation sweeps count the suspension
  points of the tasks a target awaits as its own (see `VirtualTimeLoop.cancel_at`);
- `awaiters(task)`: the tasks that await `task` now, nearest first, each checked from above
  (it really awaits the one below it); the trace files them with each event
  (`TraceEvent.awaiters`), so "held by the task that wrote, or by a task awaiting it" can be
  asked of a lock.

What is read: a task's awaited future through asyncio.Task's own descriptor, a gather's
children and a TaskGroup's task set only on objects of asyncio's own classes (a TaskGroup
found by the code of its `__aexit__`), done callbacks of asyncio's own kinds (recognised by
type and code object, bound at import); no method of an object of a solution's is called.
A solution can still edit the fields of its own gathers and TaskGroups: that changes which
tasks its own tasks are taken to await, i.e. for a sweep which moments (each one at which
the target is suspended, a legal moment to cancel it) are tried; for `awaiters`, a link is
only taken when the task above is found awaiting the one below.
"""

from __future__ import annotations

import asyncio
import types
from typing import Any

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


def awaited(task: asyncio.Task, _task=asyncio.Task, _done=asyncio.Future.done,
             _coroutine=types.CoroutineType) -> list:
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
    coro, depth = _task.get_coro(task), 0
    while type(coro) is _coroutine and depth < 50:  # real coroutines only: no code of a solution's runs here
        depth += 1
        frame = coro.cr_frame
        if frame is not None and frame.f_code is _TASK_GROUP_EXIT:
            group = frame.f_locals.get("self")
            tasks = group.__dict__.get("_tasks", ()) if isinstance(group, asyncio.TaskGroup) else ()
            return [child for child in tasks if isinstance(child, _task)] if type(tasks) is set else []
        coro = coro.cr_await
    return []


def hands_on(task: asyncio.Task, _done=asyncio.Future.done) -> bool:
    """Whether `task` waits for a task that is about to take a step (made and not yet run, or
    woken): a suspension that only hands the work on to it."""
    return any(not _done(child) and _waiter(child) is None for child in awaited(task))


def awaits(owner: asyncio.Task, task: asyncio.Task) -> bool:
    """Whether `owner` awaits `task`, directly or through tasks it awaits (see `awaited`)."""
    seen, todo = {id(owner)}, [owner]
    while todo and len(seen) < 200:
        for child in awaited(todo.pop()):
            if child is task:
                return True
            if id(child) not in seen:
                seen.add(id(child))
                todo.append(child)
    return False


_CALLBACKS = asyncio.Future._callbacks.__get__


def _parents(task: asyncio.Task, _task=asyncio.Task) -> list:
    """Candidates for the task awaiting `task`, from its done callbacks (asyncio's own kinds only):
    a task's wake-up (it awaits `task`), a gather's callback (the task awaiting that gather), a
    TaskGroup's (the task that entered the group). Each is checked with `awaited` by the caller."""
    try:
        callbacks = _CALLBACKS(task)
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
            if isinstance(owner, _task):
                found.append(owner)
        elif kind is types.FunctionType and callback.__code__ is _GATHER_DONE:
            closure = callback.__closure__
            outer = closure[_OUTER].cell_contents if closure is not None and len(closure) > _OUTER else None
            if type(outer) is _GATHERING:
                try:
                    above = _CALLBACKS(outer)
                except TypeError:
                    above = None
                for up in above or ():
                    if type(up) is tuple and up and type(up[0]) is types.BuiltinMethodType \
                            and up[0].__name__ == "task_wakeup" and isinstance(up[0].__self__, _task):
                        found.append(up[0].__self__)
        elif kind is types.MethodType and callback.__func__ is _GROUP_DONE:
            owner = getattr(callback.__self__, "_parent_task", None)
            if isinstance(owner, _task):
                found.append(owner)
    return found


def awaiters(task: asyncio.Task | None) -> list:
    """The tasks awaiting `task` now, nearest first: the task that awaits it (directly, through a
    gather, or leaving the `async with` of a TaskGroup it runs in), the task awaiting that one, and
    so on. Each link is checked from above (`awaited`): a callback a solution adds makes none."""
    chain: list = []
    if task is None:
        return chain
    seen, below = {id(task)}, task
    while len(chain) < 50:
        for parent in _parents(below):
            if id(parent) not in seen and any(child is below for child in awaited(parent)):
                chain.append(parent)
                seen.add(id(parent))
                below = parent
                break
        else:
            return chain
    return chain


def _gather_done_code() -> types.CodeType | None:
    """The code of gather's per-child callback (`_done_callback`, nested in asyncio.gather), read
    from asyncio's own gather (this module is imported before a check process replaces it)."""
    gather = asyncio.tasks.gather
    while getattr(gather, "__module__", None) != "asyncio.tasks" and hasattr(gather, "__wrapped__"):
        gather = gather.__wrapped__
    for const in getattr(getattr(gather, "__code__", None), "co_consts", ()):
        if isinstance(const, types.CodeType) and const.co_name == "_done_callback":
            return const
    return None


_GATHER_DONE = _gather_done_code()
# Where gather's callback keeps the future the caller awaits, among its closure's cells.
_OUTER = _GATHER_DONE.co_freevars.index("outer") if _GATHER_DONE is not None else 1 << 30
_GROUP_DONE = asyncio.TaskGroup._on_task_done
