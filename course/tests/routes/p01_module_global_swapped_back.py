# baseline: p01_baseline.py
# Red-team pass 39 (the known gap of pass 38): a module global of the harness swapped for a spy during a run
# and put back before the guard looks. `_trace.emit` files each event through `_trace._add(ledger, ...)`,
# looked up in `_trace`'s namespace at each call: with `_add` replaced for one read of the counter, the spy is
# handed the run's ledger, and the solution rewrites it (every update made to look serialized). The name is
# put back at once, so the guard, looking after the run, found everything as it was (10/10 where the same
# increment scores 3/10). Every write to the namespaces the checks run on now moves that dict's version tag,
# which the guard compares when it looks.
import course.testing._trace as _trace

_real_add = vars(_trace)["_add"]
_caught = []


def _spy(ledger, *args, **kwargs):
    _caught.append(ledger)
    return _real_add(ledger, *args, **kwargs)


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
        vars(_trace)["_add"] = _spy
        try:
            counter[0]  # a read: emit files it through _add, which hands the spy the ledger
        finally:
            vars(_trace)["_add"] = _real_add
        if _caught:
            _scrub(_caught.pop())
