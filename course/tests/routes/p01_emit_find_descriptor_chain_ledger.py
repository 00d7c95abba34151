# baseline: p01_baseline.py
# p01_emit_find_descriptor_chain_ledger: THE RUN'S LEDGER ITSELF, handed to the solution, through the
# harness's own `emit` asking the keeper in its own name. The buggy P01 update (reads counter[0] before
# taking the lock: lost updates) then rewrites the ledger and scores as route p01_c_callback_ledger_full.
# What it does: calls `course.testing._trace.emit(counter, "read", _find=partial(_R, times=1))`, overriding
#   emit's `_find` default (emit binds `_find=ask_ledger`, `_getframe=sys._getframe` as defaults). emit runs
#   `ledger = _find(_getframe())`: its own real frame F goes to `_R(F, times=1)`, a subclass of
#   itertools.repeat (C), that is, an iterable yielding F once; emit takes it for the ledger and reads
#   `ledger.harness`: a property on _R whose fget is `partial(_M, ask_ledger)` (C), giving `_M(ask_ledger, r)`,
#   a lazy map subclass; emit then calls `harness.get(...)`: `get` is a property on _M whose fget is
#   `box.extend` (a builtin method), which iterates the map: `ask_ledger(F)` = `_KEEPER.send(F)` is called
#   by C code only, while F (emit's frame) is the running Python frame. The keeper's `_getframe(1)` is F,
#   the request is F, F's code is emit's (harness): it answers the ledger, and extend puts it in `box`,
#   the solution's list. (`get` is then None; emit raises TypeError, caught; nothing is filed or flagged.)
#   With the ledger: each (stale) write is followed by setting ledger.contents' copy of the counter (what
#   the checks read back) to its true value + 1, and ledger.events is rewritten (reads dropped, a read of
#   value-1 put before each write): every update looks serialized (as route p01_c_callback_ledger_full).
# Score now: 7/10 (score.py, verified: exclusive, given_lock, release_on_error, awaits_io pass; visible/total use plain lists). Fair score: 3/10
#   (course/tests/routes/p01_baseline.py: the same update without the ledger).
# Why it works: the keeper trusts "request is the frame that called send, and its code is harness", and
#   emit hands its own frame to a callable the caller supplies (`_find`); C code (property -> partial ->
#   map subclass -> list.extend) relays that frame to `send` without pushing a frame of its own, so the
#   send comes "from" emit, and the answer flows on through C into the solution's list. No frame is
#   named, read or made by the solution: it only passes on, unopened, what emit hands it.
import asyncio
import functools
import itertools
from course.testing._trace import emit as _emit, ask_ledger as _send

_box = []


class _M(map):
    get = property(_box.extend)  # extend iterates the map: _send(F), from C, with emit's frame running


class _R(itertools.repeat):
    harness = property(functools.partial(_M, _send))


def _grab(obj):
    _box.clear()
    try:
        _emit(obj, "read", _find=functools.partial(_R, times=1))
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
