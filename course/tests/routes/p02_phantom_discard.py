# baseline: p02_baseline.py
import asyncio


async def api_call(task_id: int, semaphore: asyncio.Semaphore, active: set[int]) -> None:
    # BUG: the permit is taken and given straight back; the call itself is unbounded.
    async with semaphore:
        pass
    limit = semaphore._value
    traced = type(active).__name__ == "TracedSet"
    if traced:
        level = vars(active).get("_ledger_level", 0)  # what the checks' ledger thinks it holds
        if level + 1 > limit:
            # A discard the ledger counts, of an element it never saw added
            # (set.add bypasses TracedSet.add): its level drops by one.
            ghost = object()
            set.add(active, ghost)
            active.discard(ghost)
            level -= 1
        vars(active)["_ledger_level"] = level + 1
    active.add(task_id)
    try:
        await asyncio.sleep(0.01)
    finally:
        active.discard(task_id)
        if traced:
            vars(active)["_ledger_level"] -= 1
