# expect: p02_test_release_on_error
# Red-team pass 42 (attacker Z):
# P02 p02_failfast: api_call "fails fast": a call whose request fails (active.add raises) cancels every other call
# in flight on the same semaphore. Those calls end CANCELLED although their caller never cancelled them and their
# request would have succeeded.
# Score now: 10/10. Fair score: 8/10 (p02_test_release_on_error should fail: "only the rejected calls fail").
# Buggy: contract: api_call adds task_id to `active` for the duration of its call; a call that raises gives its
# permit back -- it does not abort the others. Schedule (the check's own round 2: 2 permits, 6 calls, calls 1 and 2
# rejected): call-0 takes a permit, enters `active` and sleeps; call-1 takes the other permit, its add() raises
# ConnectionError and it cancels call-0 -> call-0 ends cancelled mid-request (plain asyncio: call-0 cancelled,
# call-1/2 ConnectionError, 3-5 None). permit_back_after_an_error counts as "failed" only tasks that are
# `not t.cancelled() and t.exception() is not None`, so a task that ends cancelled WITHOUT the test cancelling it
# (here by the solution) is taken for fine; `accepted == ran` still holds since call-0 entered `active` first.
import asyncio

_in_flight = {}   # id(semaphore) -> the calls holding one of its permits


async def api_call(task_id, semaphore, active):
    async with semaphore:
        peers = _in_flight.setdefault(id(semaphore), set())
        me = asyncio.current_task()
        try:
            active.add(task_id)
        except Exception:
            for peer in list(peers):      # fail fast: a call that fails aborts the calls in flight beside it
                peer.cancel()             # (BUG: they end cancelled, though nobody cancelled them)
            raise
        peers.add(me)
        try:
            await asyncio.sleep(0.01)
        finally:
            peers.discard(me)
            active.discard(task_id)
