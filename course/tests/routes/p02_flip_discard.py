# baseline: p02_baseline.py
import asyncio


class _Ghost:
    """Hashes like an element of the set; equal to it on the first comparison only, so
    `ghost in active` is True (the discard is recorded) but the discard itself removes nothing."""

    def __init__(self, like):
        self._hash, self._left = hash(like), 1

    def __hash__(self):
        return self._hash

    def __eq__(self, other):
        self._left -= 1
        return self._left >= 0


async def api_call(task_id: int, semaphore: asyncio.Semaphore, active: set[int]) -> None:
    # BUG: the permit is taken and given straight back; the call itself is unbounded.
    async with semaphore:
        pass
    limit = semaphore._value
    traced = type(active).__name__ == "TracedSet"
    if traced:
        ghosts = vars(active).get("_ghosts", 0)
        present = list(active)  # what it really holds (no event)
        if present and len(present) - ghosts + 1 > limit:
            active.discard(_Ghost(present[0]))  # a recorded discard that removes nothing
            vars(active)["_ghosts"] = ghosts + 1
    active.add(task_id)
    try:
        await asyncio.sleep(0.01)
    finally:
        active.discard(task_id)
