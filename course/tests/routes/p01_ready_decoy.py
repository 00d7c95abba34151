# baseline: submissions/p01/buggy_no_release_on_cancel.py
# P01 finding (red-team pass 34): the cancellation sweep never counts a wait made through a gather whose
# `_children` lists a "decoy" task that is forever about to take a step (a task made on an event
# loop that never runs): `_awaiting.hands_on()` takes the wait for a hand-on to a task about to run
# and `_loop._after_step` skips it, and `awaited()` lists only the decoy, so the real I/O child's
# suspensions are no point of the target's either. The update's only suspension (its I/O) is never
# cancelled: buggy_no_release_on_cancel.py (releases on Exception only) behind that wait.
# Real bug, plain asyncio: a timeout during the I/O cancels the call (the gather cancels only the
# decoy, then raises CancelledError when the I/O ends) and the lock stays held for good.
# Score now: 10/10 (3.11, 3.12, 3.13). Fair: 8/10 (p01_test_release_on_error, as the baseline
# grader_tests/submissions/p01/buggy_no_release_on_cancel.py).
import asyncio

# A task that is forever "about to take a step": made on an event loop that never runs.
_idle_loop = asyncio.new_event_loop()


async def _never():
    pass


_decoy = _idle_loop.create_task(_never())


async def _io():
    await simulated_io()


async def increment(counter, lock, n):
    for _ in range(n):
        await lock.acquire()
        try:
            current = counter[0]
            io = asyncio.gather(_io())
            io._children = [_decoy]   # the harness now takes this wait to "hand on" to a task about to run
            await io
            counter[0] = current + 1
        except Exception:          # BUG: CancelledError is no Exception: a cancelled update keeps the lock
            lock.release()
            raise
        lock.release()
