# baseline: p01_baseline.py
# p01_c_callback_ledger_full: the buggy P01 update (read before the lock: lost updates) made to score
# full marks by holding the run's ledger for the whole call.
# What it does: at the start of each call, `loop.call_soon(list, map(fut.set_result, map(ask_ledger, [0])))`
#   and `await fut`: the loop's _run_once calls ask_ledger (= _KEEPER.send) through C code only
#   (Context.run -> list -> map -> map), so the keeper sees _run_once (harness code) as the asker and
#   hands it the ledger, which the outer map passes to fut.set_result. With the ledger in hand, each
#   (stale) write is followed by setting the ledger's own copy of the counter (ledger.contents, what
#   every check reads counter[0] from) to the value it really had plus one; at the end, a callback
#   rewrites ledger.events: reads dropped, a read of (value-1) put before each write (updates look
#   serialized).
# Score now: 7/10 (exclusive and given_lock pass; visible/total use plain lists, no ledger involved).
#   Fair score: 3/10 (course/tests/routes/p01_baseline.py, the same update without the trick).
# Why it works: see p01_c_callback_ledger.py (the keeper trusts the frame that called send; a builtin
#   method called from C has the running harness frame as its caller).
import asyncio
from course.testing._trace import ask_ledger as _ask


def _scrub(ledger):
    if ledger is None:
        return
    rebuilt = []
    for seq, time, task, obj, kind, level, detail, suspensions, awaiting in ledger.events:
        if kind == "read":
            continue
        if kind == "write" and type(detail) is tuple and type(detail[1]) is int:
            rebuilt.append((time, task, obj, "read", level, (detail[0], detail[1] - 1),
                            (suspensions or 1) - 1, awaiting))
        rebuilt.append((time, task, obj, kind, level, detail, suspensions, awaiting))
    ledger.events[:] = [(i, *fields) for i, fields in enumerate(rebuilt)]


async def _the_ledger():
    box = []  # (a future's set_result would raise if the task were cancelled meanwhile)
    asyncio.get_running_loop().call_soon(list, map(box.append, map(_ask, [0])))
    while not box:
        await asyncio.sleep(0)
    return box[0]


async def increment(counter: list[int], lock: asyncio.Lock, n: int) -> None:
    """Add 1 to counter[0], n times; each read-await-write update holds `lock`."""
    traced = type(counter).__name__ == "TracedList"
    ledger = await _the_ledger() if traced else None
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
        asyncio.get_running_loop().call_soon(list, map(_scrub, map(_ask, [0])))
