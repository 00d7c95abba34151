# expect: p03_test_waits_for_signal
# Red-team pass 42 (attacker Z):
# P03 p03_stepless_work: the same defect as grader_tests/submissions/p03/buggy_work_in_callback_before_signal.py
# (the 10 ms of work handed to the loop as a timer before the wait, its result collected after the signal), but
# the timer's callback is asyncio.futures._set_result_unless_cancelled(future, None) -- the very callback
# asyncio.sleep gives call_later. VirtualTimeLoop.call_later files such a timer as a sleep (the future itself in
# the heap, no handle) and _run_once resolves it in the scheduler, outside any loop step: the work costs 0 steps,
# so the step-count check ("busy") of nobody_goes_before_the_signal sees nothing.
# Score now: 10/10. Fair score: 8/10 (p03_test_waits_for_signal should fail, as the lambda variant does).
# Buggy: a worker that starts at t=0 and is signalled at t=0.05 returns at t=0.05 instead of t=0.06: its
# work ran from t=0 to t=0.01, while nobody had set the event ("no worker proceeds before the signal").
# Wider: args[0] need not be a Future. `loop.call_later(d, _set_result_unless_cancelled, obj, x)` with an object of
# the solution's (done() -> False, set_result() -> any code) has the scheduler run that code between steps, with no
# step counted and no task acting: verified, the same worker with such an object also scores 10/10. Any check that
# counts loop steps to see work or polling (P03's busy counts; P04/P07's idle_steps) can be walked past this way.
import asyncio
from asyncio.futures import _set_result_unless_cancelled


async def initializer(ready: asyncio.Event) -> None:
    await asyncio.sleep(0.02)
    ready.set()


async def worker(ready: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    # BUG: the 10 ms of work start now, while waiting for the signal (a timer, as asyncio.sleep sets one)
    work = loop.create_future()
    loop.call_later(0.01, _set_result_unless_cancelled, work, None)
    await ready.wait()
    await work      # already over if the signal came 10 ms or more after the worker started
