"""A test's asyncio.wait in a check process (`course.testing._sealed.wait`), tested in real check processes.

asyncio.wait awaits a future of its own, which a solution reaches through the waiting task
(`task._fut_waiter`) and can resolve: the wait then returns at once, what it waited for not done,
and the test judges a shorter window than it meant to (red-team pass 125: a P05 test's
`asyncio.wait(callers, timeout=...)` ended as soon as one caller was cancelled, and the test
cancelled the others before the bucket's bug let one in early, +4). A test's wait is now read
back from the futures themselves and the run's clock.
"""

from __future__ import annotations

from .test_problem_checks import _notebook, _outputs

# A solution's function that, once called, resolves the future of every asyncio.wait in progress.
ENDS_WAITS = '''
import asyncio

def _end_waits():
    for task in asyncio.all_tasks():
        coro, names = task.get_coro(), []
        while coro is not None and len(names) < 20:
            names.append(str(getattr(coro, "__qualname__", "")))
            coro = getattr(coro, "cr_await", None)
        waiter = task._fut_waiter
        if "_wait" in names and waiter is not None and not waiter.done():
            waiter.set_result(None)

async def f(seconds):
    await asyncio.sleep(0.001)
    if ENDS:
        _end_waits()
    await asyncio.sleep(seconds)
'''


def _scenario(wait: str, seen: str) -> str:
    """A test that spawns two calls of f, waits for them with `wait`, and requires what it returned to be `seen`."""
    return ("import asyncio\nfrom course.testing import explore, require\n"
            "async def waits(sim):\n"
            "    tasks = [sim.spawn(f(10), name='slow'), sim.spawn(f(20), name='slower')]\n"
            "    begun = sim.now()\n"
            f"    done, pending = await {wait}\n"
            "    for task in tasks:\n"
            "        task.cancel()\n"
            "    await asyncio.gather(*tasks, return_exceptions=True)\n"
            "    got = f'after {sim.now() - begun:.3f} s, done: {len(done)}, pending: {len(pending)}'\n"
            f"    require(got == {seen!r}, 'the wait ends as asyncio.wait says', got)\n"
            "explore(waits, seeds=1)\n")


def _errors(ends: bool, wait: str, seen: str = "") -> str:
    outputs = _outputs(_notebook(f"ENDS = {ends}\n" + ENDS_WAITS, _scenario(wait, seen)))["p01_test_0"]
    return "\n".join(str(o.get("evalue", "")) for o in outputs if o["output_type"] == "error")


def test_a_wait_the_tests_await_resolved_from_outside_fails_the_run():
    for wait in ("asyncio.wait(tasks, timeout=5)", "asyncio.wait(tasks)",
                 "asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)"):
        errors = _errors(True, wait)
        assert "a test's asyncio.wait, which returned with what it waited for not done" in errors, (wait, errors)
        assert "changed what the checks run on" in errors, (wait, errors)


def test_a_wait_that_ends_by_its_timeout_or_its_futures_passes():
    for wait, seen in (("asyncio.wait(tasks, timeout=5)", "after 5.000 s, done: 0, pending: 2"),
                       ("asyncio.wait(tasks)", "after 20.001 s, done: 2, pending: 0"),
                       ("asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)", "after 10.001 s, done: 1, pending: 1")):
        assert not _errors(False, wait, seen), wait
        assert "the wait ends as asyncio.wait says" in _errors(False, wait, "no such thing"), wait


# A solution's function that takes the timer away from every asyncio.wait in progress: it cancels the handle of
# the wait's timeout, which asyncio.wait's done callback on each future it waits for holds in its closure.
POSTPONES_WAITS = '''
import asyncio

def _cancel_timeouts(task):
    for callback, _ in list(task._callbacks or ()):
        for cell in getattr(callback, "__closure__", None) or ():
            handle = cell.cell_contents
            if isinstance(handle, asyncio.TimerHandle):
                handle.cancel()

async def f(seconds):
    if ENDS:
        _cancel_timeouts(asyncio.current_task())
    await asyncio.sleep(seconds)
'''


def test_a_wait_the_tests_await_made_to_last_longer_fails_the_run():
    # Red-team pass 126: P01's and P02's tests waited 1 s for the other callers (`asyncio.wait(..., timeout=1)`),
    # and a call that gave the lock back only 2 s after it failed cancelled that wait's timer first: the wait
    # lasted until the callers were done, and found none stuck (+3 and +4).
    wait = "asyncio.wait(tasks, timeout=5)"
    outputs = _outputs(_notebook("ENDS = True\n" + POSTPONES_WAITS,
                                 _scenario(wait, "after 5.000 s, done: 0, pending: 2")))["p01_test_0"]
    errors = "\n".join(str(o.get("evalue", "")) for o in outputs if o["output_type"] == "error")
    assert "a test's asyncio.wait, which returned 15.000000 s after its timeout" in errors, errors
    outputs = _outputs(_notebook("ENDS = False\n" + POSTPONES_WAITS,
                                 _scenario(wait, "after 5.000 s, done: 0, pending: 2")))["p01_test_0"]
    assert not [o for o in outputs if o["output_type"] == "error"], outputs


# A solution's function whose task, once it has failed, holds back the done callback a gather (the test's, or
# settled's) put on it, and gives it back 2 s later: the gather returns 2 s after its children ended.
HOLDS_GATHERS = '''
import asyncio

def _give_back(task, callbacks):
    for callback in callbacks:
        task.add_done_callback(callback)

async def f(seconds):
    await asyncio.sleep(seconds)
    task = asyncio.current_task()
    if HOLD:
        held = [callback for callback, _ in list(task._callbacks or ())]
        for callback in held:
            task.remove_done_callback(callback)
        asyncio.get_running_loop().call_later(2, _give_back, task, held)
    raise ConnectionError("down")
'''


def test_a_gather_the_tests_await_held_back_past_its_childrens_end_fails_the_run():
    # Red-team pass 127: a P08 breaker's cancelled trial, P01's and P02's failed calls, gave their lock, permit or
    # trial mark back 2 s late, and held the test's gather (or settled) until then (+5, +2, +1).
    for wait in ("asyncio.gather(*tasks, return_exceptions=True)", "settled(*tasks)"):
        scenario = ("import asyncio\nfrom course.testing import explore, require, settled\n"
                    "async def gathers(sim):\n"
                    "    tasks = [sim.spawn(f(0.01), name='one'), sim.spawn(f(0.02), name='two')]\n"
                    "    begun = sim.now()\n"
                    f"    await {wait}\n"
                    "    require(round(sim.now() - begun, 3) == 0.02, 'the gather ends with its children', "
                    "f'{sim.now() - begun:.3f} s')\n"
                    "explore(gathers, seeds=1)\n")
        for hold, expected in ((True, "which returned 2.000000 s after what it waited for had ended"), (False, None)):
            outputs = _outputs(_notebook(f"HOLD = {hold}\n" + HOLDS_GATHERS, scenario))["p01_test_0"]
            errors = "\n".join(str(o.get("evalue", "")) for o in outputs if o["output_type"] == "error")
            assert (expected in errors) if expected else not errors, (wait, hold, errors)


def test_a_gather_of_nothing_is_no_late_gather():
    # (Found by the corpus sweep of pass 127's fix: a test's `gather(*waiting)` of no task at all raised in the
    # lateness check, and every P10 submission lost p10_test_each_once.)
    scenario = ("import asyncio\nfrom course.testing import explore, require, settled\n"
                "async def gathers(sim):\n"
                "    require(await asyncio.gather() == [] and await settled() == [], 'nothing to gather', '')\n"
                "explore(gathers, seeds=1)\n")
    outputs = _outputs(_notebook("HOLD = False\n" + HOLDS_GATHERS, scenario))["p01_test_0"]
    assert not [o for o in outputs if o["output_type"] == "error"], outputs



ENDS_JOINS = '''
import asyncio

async def consumer(queue):
    await queue.get()  # takes the item and never marks it done
    await asyncio.sleep(0.01)
    if ENDS:
        for task in asyncio.all_tasks():
            waiter = task._fut_waiter
            if task.get_name() == 'joiner' and waiter is not None and not waiter.done():
                waiter.set_result(True)  # the test's join()
'''


def test_a_queue_join_resolved_from_outside_fails_the_run():
    # Red-team pass 128: a consumer that never marked its first item done resolved the future the test's
    # `await queue.join()` awaited: join() returned with an item not done (P06 +12).
    scenario = ("import asyncio\nfrom course.testing import explore, require\n"
                "async def joins(sim):\n"
                "    queue = sim.queue(2, 'jobs')\n"
                "    await queue.put(1)\n"
                "    worker = sim.spawn(consumer(queue), name='consumer')\n"
                "    joiner = sim.spawn(queue.join(), name='joiner')\n"
                "    done, _ = await asyncio.wait([joiner], timeout=1)\n"
                "    worker.cancel()\n"
                "    joiner.cancel()\n"
                "    await asyncio.gather(worker, joiner, return_exceptions=True)\n"
                "    require(not done, 'join() waits for every item to be marked done', 'it returned')\n"
                "explore(joins, seeds=1)\n")
    for ends, expected in ((True, "join of jobs, which returned with 1 item(s) not done"), (False, None)):
        outputs = _outputs(_notebook(f"ENDS = {ends}\n" + ENDS_JOINS, scenario))["p01_test_0"]
        errors = "\n".join(str(o.get("evalue", "")) for o in outputs if o["output_type"] == "error")
        assert (expected in errors) if expected else not errors, (ends, errors)
