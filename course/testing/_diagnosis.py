"""Explain why tasks are blocked: what each one awaits, where, and who holds it.

Used when the loop is stuck (a deadlock) and when tasks are left running at
the end of a scenario. The awaited object is found by walking each task's
chain of awaiting coroutines (`cr_await`) down to the innermost asyncio
primitive method (`Lock.acquire`, `Event.wait`, `Queue.get` ...), whose `self`
is the primitive. Traced primitives know their holders, so a wait-for cycle
(task A waits for a lock held by B, which waits for a lock held by A) is
named explicitly.
"""

from __future__ import annotations

import asyncio
import dis
import inspect
import linecache
import os
from dataclasses import dataclass
from types import FrameType

from ._records import record_repr

# Bound at import: `dis` and `os` are modules nothing watches (what a solution puts there is its own).
_get_instructions, _abspath = dis.get_instructions, os.path.abspath

_PRIMITIVES = (asyncio.Lock, asyncio.Semaphore, asyncio.Event, asyncio.Condition,
               asyncio.Queue, asyncio.Barrier)
_HERE = os.path.dirname(os.path.abspath(__file__))
_ASYNCIO = os.path.dirname(os.path.abspath(asyncio.__file__))


@dataclass(init=False, repr=False)  # (no closure cells: see _records)
class Blocked:
    """One pending task and what it waits for."""

    task: asyncio.Task
    primitive: object | None = None
    method: str = ""
    awaited_task: asyncio.Task | None = None
    where: str = ""
    holders: list[asyncio.Task]
    asleep: bool = False  # in asyncio.sleep(): its timer ends the wait, nobody else need
    ready: bool = False  # its next step is due: suspended on no future (sleep(0)) or on one already done
    started: bool = True  # its coroutine has run a step

    def __init__(self, task: asyncio.Task, primitive: object | None = None, method: str = "",
                 awaited_task: asyncio.Task | None = None, where: str = "",
                 holders: list[asyncio.Task] | None = None, asleep: bool = False, ready: bool = False,
                 started: bool = True) -> None:
        self.task, self.primitive, self.method, self.awaited_task, self.where = (
            task, primitive, method, awaited_task, where)
        self.holders = [] if holders is None else holders
        self.asleep, self.ready, self.started = asleep, ready, started

    __repr__ = record_repr


def primitive_kind(obj: object) -> str:
    """"Lock", "Semaphore", ... : the asyncio class a (traced) primitive is."""
    for cls in type(obj).__mro__:
        if cls.__module__.startswith("asyncio"):
            return cls.__name__
    return type(obj).__name__


def _chain_frames(task: asyncio.Task) -> list[FrameType]:
    """Frames from the task's coroutine down to the innermost awaited one."""
    frames: list[FrameType] = []
    obj = task.get_coro()
    seen = 0
    while obj is not None and seen < 200:
        seen += 1
        frame = getattr(obj, "cr_frame", None) or getattr(obj, "gi_frame", None)
        if frame is not None:
            frames.append(frame)
        obj = getattr(obj, "cr_await", None) or getattr(obj, "gi_yieldfrom", None)
    return frames


def _is_user_frame(frame: FrameType) -> bool:
    filename = _abspath(frame.f_code.co_filename)
    return not (filename.startswith(_HERE) or filename.startswith(_ASYNCIO))


def _describe_frame(frame: FrameType) -> str:
    line = linecache.getline(frame.f_code.co_filename, frame.f_lineno).strip()
    where = f"in {frame.f_code.co_name}() line {frame.f_lineno}"
    return f"{where}: `{line}`" if line else where


def describe_running(frame: FrameType, caller: str | None = None) -> str:
    """Where code that never yields was running, the same on every run of the same code.

    `frame` is the innermost frame of the solution's code at the moment the run was
    stopped: a moment the watchdog picks, so its line (even its function, when the loop
    calls helpers) depends on where the spinning code happened to be. What does not is
    the solution's function entered from the caller's code (the outermost of the
    solution's frames on that stack) and, in it, the outermost loop around the point
    reached: code that never yields spins inside that loop, so every sample falls in it.
    `caller` is the file (a notebook cell's, in a kernel) of the scenario that called the
    solution: frames of that file are the demo's or the check's own, not the solution's
    (a scenario awaiting `breaker.call(...)` is not where `call` spins); when every user
    frame is the caller's (the scenario is itself the code that spins) or `caller` is None,
    the outermost user frame is named. Returns e.g.
    "in the loop at line 12 of spin(): `while True:`", or "in spin() (defined at line 10)"
    when no loop surrounds the point (the spinning is in a helper's loop, say)."""
    user = [frame]
    while user[-1].f_back is not None and _is_user_frame(user[-1].f_back):
        user.append(user[-1].f_back)
    solution = [f for f in user if caller is None or not _same_file(f.f_code.co_filename, caller)]
    outer = (solution or user)[-1]
    code = outer.f_code
    line = _outermost_loop_line(code, outer.f_lasti)
    if line is None:
        return f"in {code.co_name}() (defined at line {code.co_firstlineno})"
    text = linecache.getline(code.co_filename, line).strip()
    where = f"in the loop at line {line} of {code.co_name}()"
    return f"{where}: `{text}`" if text else where


def _same_file(filename: str, other: str) -> bool:
    return filename == other or _abspath(filename) == _abspath(other)


def _is_loop_jump(opname: str) -> bool:
    # 3.11 also closes a `while` whose test sits at the bottom with a conditional
    # backward jump (POP_JUMP_BACKWARD_IF_TRUE ...); 3.12 made every one JUMP_BACKWARD.
    return opname == "JUMP_BACKWARD" or opname.startswith("POP_JUMP_BACKWARD_IF")


def _outermost_loop_line(code, offset: int) -> int | None:
    """The header line of the outermost loop of `code` whose body holds bytecode `offset`.

    A loop compiles to a backward jump from the end of its body to its start (CPython
    3.11+); the loops around `offset` are the jumps that span it. The header is the
    lowest line among the loop's instructions: a `for` line's FOR_ITER heads its body,
    and a `while` line's test is compiled again at the bottom, or the jump itself
    carries the `while` line (`while True:`). The jumps of `await` (a send loop,
    JUMP_BACKWARD_NO_INTERRUPT) are not loops of the solution's own."""
    instructions = list(_get_instructions(code))
    spans = [(jump.argval, jump.offset) for jump in instructions
             if _is_loop_jump(jump.opname) and jump.argval <= offset <= jump.offset]
    if not spans:
        return None
    start, end = min(spans)  # the outermost loop starts first
    lines = [i.positions.lineno for i in instructions
             if start <= i.offset <= end and i.positions is not None and i.positions.lineno is not None]
    return min(lines, default=None)


def _local_name(obj: object, frames: list[FrameType]) -> str | None:
    """A variable name the student's code uses for `obj`, innermost frame first."""
    for frame in reversed(frames):
        if not _is_user_frame(frame):
            continue
        for name, value in frame.f_locals.items():
            if value is obj and name != "self":
                return name
    return None


#: Modules whose `sleep` is asyncio.sleep (the check process's own wraps asyncio's).
_SLEEPS = frozenset({"asyncio.tasks", "course.testing._sealed"})


def inspect_task(task: asyncio.Task) -> Blocked:
    frames = _chain_frames(task)
    info = Blocked(task)
    for frame in frames:
        owner = frame.f_locals.get("self")
        # The innermost primitive's frame, except inside a traced primitive, which is the one
        # the scenario knows (named, with holders): not the asyncio one it stands for.
        if isinstance(owner, _PRIMITIVES) and (owner is info.primitive
                                               or not hasattr(type(info.primitive), "_real")):
            info.primitive, info.method = owner, frame.f_code.co_name
    user = [f for f in frames if _is_user_frame(f)]
    if user:
        info.where = _describe_frame(user[-1])
    info.asleep = any(frame.f_code.co_name == "sleep" and frame.f_globals.get("__name__") in _SLEEPS
                      for frame in frames[-1:])
    waiter = getattr(task, "_fut_waiter", None)
    info.ready = waiter is None or (isinstance(waiter, asyncio.Future) and asyncio.Future.done(waiter))
    try:
        info.started = inspect.getcoroutinestate(task.get_coro()) != inspect.CORO_CREATED
    except (AttributeError, TypeError):  # not a coroutine of its own (a generator-based one, say)
        pass
    if isinstance(waiter, asyncio.Task):
        info.awaited_task = waiter
    if info.primitive is not None:
        info.holders = list(getattr(info.primitive, "holders", []))
    info.frames = frames  # type: ignore[attr-defined]
    return info


def name_primitive(obj: object, frames: list[FrameType]) -> str:
    kind = primitive_kind(obj)
    name = getattr(obj, "name", None)
    if name:
        return f"{kind} {name!r}"
    local = _local_name(obj, frames)
    return f"{kind} `{local}`" if local else f"an asyncio.{kind}"


def _state(obj: object) -> str:
    if isinstance(obj, asyncio.Event):
        return "not set"
    if isinstance(obj, asyncio.Queue):
        return f"{obj.qsize()} item(s), maxsize {obj.maxsize}"
    if isinstance(obj, asyncio.Barrier):
        return f"{obj.n_waiting} of {obj.parties} parties arrived"
    if isinstance(obj, (asyncio.Lock, asyncio.Semaphore)):
        return "locked" if obj.locked() else "free"
    return ""


def describe_blocked(info: Blocked, running: bool = False) -> str:
    """What the task waits on, and where. `running`: the loop had not stopped (a livelock,
    too many steps, too much virtual time), so a task may be waiting on nothing at all
    (ready for its next step: a zero-delay sleep, a future already done) or on a future a
    task still stepping may yet complete: only a deadlock knows that nobody will."""
    name = info.task.get_name()
    frames = getattr(info, "frames", [])
    if running and info.ready:
        if not info.started:
            return f"task {name!r} is ready to start"
        text = f"task {name!r} keeps running (ready for its next step)"
        return text + (f"; it was last {info.where}" if info.where else "")
    if info.primitive is not None:
        what = name_primitive(info.primitive, frames)
        text = f"task {name!r} waits in {primitive_kind(info.primitive)}.{info.method}() on {what}"
        if info.holders:
            text += " held by " + ", ".join(repr(t.get_name()) for t in info.holders)
        else:
            state = _state(info.primitive)
            text += f" ({state})" if state else ""
    elif info.awaited_task is not None:
        text = f"task {name!r} waits for task {info.awaited_task.get_name()!r}"
    elif info.asleep:
        text = f"task {name!r} is asleep in asyncio.sleep()"
    elif running:
        text = f"task {name!r} waits on a future not done yet"
    else:
        text = f"task {name!r} waits on a future nobody will complete"
    if info.where:
        text += f", {info.where}"
    return text


def find_cycle(infos: list[Blocked]) -> list[Blocked] | None:
    """A wait-for cycle among blocked tasks, following holders and awaited tasks."""
    by_task = {info.task: info for info in infos}
    for start in infos:
        path, index = [start], {start.task: 0}
        current = start
        while True:
            successors = [t for t in current.holders if t in by_task]
            if current.awaited_task in by_task:
                successors.append(current.awaited_task)
            if not successors:
                break
            task = successors[0]
            if task in index:
                return path[index[task]:]
            index[task] = len(path)
            current = by_task[task]
            path.append(current)
    return None


def _edge(info: Blocked) -> str:
    if info.primitive is not None:
        what = name_primitive(info.primitive, getattr(info, "frames", []))
        holder = info.holders[0].get_name() if info.holders else "?"
        return f"{info.task.get_name()!r} waits for {what} held by {holder!r}"
    return f"{info.task.get_name()!r} waits for task {info.awaited_task.get_name()!r}"


def explain(tasks: list[asyncio.Task], now: float) -> str:
    """A report naming each blocked task, what it waits on, and any cycle."""
    infos = [inspect_task(t) for t in sorted(tasks, key=lambda t: t.get_name()) if not t.done()]
    lines = [f"at t={now:.6f}s (virtual) no task can run and no timer is pending, "
             f"but the scenario has not finished:"]
    lines += ["  - " + describe_blocked(info) for info in infos]
    cycle = find_cycle(infos)
    if cycle:
        lines.append("Wait-for cycle: " + "; ".join(_edge(info) for info in cycle) + ".")
    return "\n".join(lines)
