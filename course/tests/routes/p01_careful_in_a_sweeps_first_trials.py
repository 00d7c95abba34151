# baseline: submissions/p01/buggy_no_release_on_cancel.py
# The review of the sweep's tolerance (2026-12-06; +2 until 2026-12-07): a sweep failed only when its target
# went another way at every point. The "holder" counts its suspensions (its I/O, and each wait for a lock that
# was taken) and follows the sweep by its trials: careful until a run it is not cancelled in (the uncut run: R
# suspensions, the longest L seconds), and in the first trial after it; in the next (R - 1) * 3 (the sweep's
# other points, each tried three times when it goes another way) it first waits R times L seconds, holding
# nothing, so that each cut lands there, then runs the baseline's code (no release when cancelled at its I/O);
# then careful again, so that the trials past the uncut run's reach find nothing to cut, until its next
# uncancelled run (the sweep's end).
import asyncio

_state = {}


async def _noted(awaitable, box):
    """Awaits `awaitable`, noting in `box` a suspension (when it took time) and its length."""
    loop = asyncio.get_running_loop()
    began = loop.time()
    try:
        return await awaitable
    finally:
        if loop.time() > began:
            box[0] += 1
            box[1] = max(box[1], loop.time() - began)


async def _careful(counter, lock, n, box):
    for _ in range(n):
        await _noted(lock.acquire(), box)
        try:
            current = counter[0]
            await _noted(simulated_io(), box)
            counter[0] = current + 1
        finally:
            lock.release()


async def _padded_buggy(counter, lock, n, reach, longest):
    for _ in range(reach):
        await asyncio.sleep(longest + 0.001)
    for _ in range(n):
        await lock.acquire()
        try:
            current = counter[0]
            await simulated_io()
            counter[0] = current + 1
        except Exception:
            lock.release()
            raise
        lock.release()


async def increment(counter, lock, n):
    if asyncio.current_task().get_name() != "holder":
        return await _careful(counter, lock, n, [0, 0.0])
    loop = asyncio.get_running_loop()
    state = _state.setdefault(id(loop), {"loop": loop, "reach": None, "longest": 0.0, "after": 0})
    box, cancelled = [0, 0.0], False
    reach = state["reach"]
    padded = reach is not None and 1 <= state["after"] <= (reach - 1) * 3
    try:
        if padded:
            return await _padded_buggy(counter, lock, n, reach, state["longest"])
        return await _careful(counter, lock, n, box)
    except asyncio.CancelledError:
        cancelled = True
        raise
    finally:
        if cancelled or padded:
            if reach is not None:
                state["after"] += 1
        elif reach is not None and state["after"] > (reach - 1) * 3:
            state.update(reach=None, after=0)  # (past the reach: the sweep's end)
        else:  # (the uncut run, or an early trial whose cut it did not reach: the next one says which)
            state.update(reach=box[0], longest=box[1], after=0)
