# baseline: p01_baseline.py
# Closed: the audit hook refuses giving the harness's or a test's own code to another function (`fn.__code__ = code`).
# Red-team pass 39: the harness's own code run with a solution's globals by
# assigning it to a function's __code__ (the audit hook refuses function.__new__ and exec of harness code,
# not `fn.__code__ = harness_code`, whose event is object.__setattr__ on a function the guard does not watch).
# What it does: two functions of the solution's own get `_trace.emit.__code__` (with emit's defaults) and
# `_primitives.TracedList.__getitem__.__code__`. Called as `_read(counter, 0)` on the test's traced list,
# the __getitem__ code looks up `_held`, `_getframe` and `_emit` in the solution's globals: `_emit` is the
# function running emit's code, which asks the keeper with its own frame (`ask_ledger(_getframe())`):
# the frame's code object IS emit's, so the keeper hands it the run's ledger. emit then walks up to the
# __getitem__ code (a public _primitives method: not forged), finds the counter registered, and files the
# event through `_add(ledger, ...)`, looked up in the solution's globals: a spy, handed the ledger. The
# solution rewrites ledger.events as routes/p01_module_global_swapped_back.py did (every update made to
# look serialized). No module or class namespace is written: nothing tagged moves.
# Code: routes/p01_baseline.py (read before the lock: lost updates) + the lines above it + _scrub.
# Scored before the fix: 5/10 (p01_test_exclusive passes on the scrubbed ledger). Fair score: 3/10 (p01_baseline.py).
# Why: code identity is the keeper's (and ledger.harness's, ledger.tests's) only test of who asks; a
# function's __code__ can be set to any code object with the same number of free variables, and the
# hook only taints __code__ assignments to functions it watches (`_id(args[0]) in seen`), never checks
# args[2] against refused_codes. The same opens the test cells' code: a function of ours given a code
# object nested in a test's (reached through a scenario coroutine's cr_code / co_consts) passes
# `id(code) in ledger.tests` with our globals (register, Trace.record's _keep, ResourceFactory.taken).
import sys
import types

import course.testing._primitives as _primitives
import course.testing._trace as _trace

_caught = []


def _add(ledger, *args, **kwargs):  # what `emit`'s code calls by name: here, this module's
    _caught.append(ledger)


# Globals of the borrowed code: the names `emit` and `TracedList.__getitem__` look up.
ask_ledger = _trace.ask_ledger
_RECORDER_MODULES = ("_trace", "_primitives")
AWAITED_KINDS = frozenset()
_INF = float("inf")
_getframe = sys._getframe


def _held(obj, own, caller):
    return [0]


def _emit():
    pass


def _read():
    pass


# A function of ours given the harness's own code (assignment to __code__, not function.__new__):
# its frame runs `emit`'s code object, which the keeper accepts; its globals are ours.
_emit.__code__ = _trace.emit.__code__
_emit.__defaults__ = _trace.emit.__defaults__
_read.__code__ = _primitives.TracedList.__getitem__.__code__


def _scrub(ledger):
    """Every write of a traced counter gets a read of (value - 1) just before it, with one
    suspension between; every real read is dropped: each update looks serialized."""
    rebuilt = []
    for seq, time, task, obj, kind, level, detail, suspensions, awaiting in ledger.events:
        if kind == "read" or kind == "unguarded-write":
            continue
        if kind == "write" and type(detail) is tuple and type(detail[1]) is int:
            rebuilt.append((time, task, obj, "read", level, (detail[0], detail[1] - 1),
                            (suspensions or 1) - 1, awaiting))
        rebuilt.append((time, task, obj, kind, level, detail, suspensions, awaiting))
    ledger.events[:] = [(i, *fields) for i, fields in enumerate(rebuilt)]


async def increment(counter: list[int], lock: asyncio.Lock, n: int) -> None:
    """Add 1 to counter[0], n times; each read-await-write update holds `lock`."""
    for _ in range(n):
        # BUG: the read happens before the lock is taken (check-then-act): updates get lost.
        current = counter[0]
        await simulated_io()
        async with lock:
            counter[0] = current + 1
    if type(counter).__name__ == "TracedList":
        try:
            _read(counter, 0)  # TracedList.__getitem__'s code, ours: its _emit is emit's code, ours
        except Exception as exc:
            print("failed", exc)
        if _caught:
            _scrub(_caught.pop())
