# baseline: p01_baseline.py
# p01_c_callback_ledger: the run's ledger, asked for by the LOOP ITSELF.
# What it does: the baseline's bug (reads counter[0] before taking the lock: lost updates), then at
#   the end of each call schedules `loop.call_soon(list, map(_scrub, map(ask_ledger, [0])))`.
#   The loop's _run_once runs that callback through Context.run -> list() -> map -> map ->
#   `_KEEPER.send(0)`: all C, so no Python frame is pushed between _run_once and the keeper;
#   the keeper's `_getframe(1)` is _run_once's frame (harness code, request 0 = "for itself"),
#   so it answers with the ledger, and the outer map hands it to _scrub (the solution's function).
#   _scrub (idempotent) drops every read of the counter and puts a read of (value-1) before each
#   write: every update looks serialized (the same rewrite as route p01_helper_ledger).
# Score now: 5/10 (exclusive passes). Fair score: 3/10 (course/tests/routes/p01_baseline.py, the same code
#   without the callback). The ledger is handed to the solution's own function: full write access.
# Why it works: the keeper authenticates the *frame that called send*, and a builtin method
#   (_KEEPER.send, public as course.testing._trace.ask_ledger) called from C code (map, list,
#   Context.run, partial, sorted's key ...) has as caller whatever Python frame is running then:
#   any harness function that calls a callable the solution supplies (loop callbacks, `until=`,
#   `computed=`...) asks the keeper in its own name.
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


async def increment(counter: list[int], lock: asyncio.Lock, n: int) -> None:
    """Add 1 to counter[0], n times; each read-await-write update holds `lock`."""
    for _ in range(n):
        # BUG: the read happens before the lock is taken (check-then-act): updates get lost.
        current = counter[0]
        await simulated_io()
        async with lock:
            counter[0] = current + 1
    if type(counter).__name__ == "TracedList":
        asyncio.get_running_loop().call_soon(list, map(_scrub, map(_ask, [0])))
