"""Wake-ups from outside virtual time (`_loop.outside_wakers`), tested in real check processes.

The checks wait in virtual time: 10**9 s pass in a moment of real time, so a deadline a solution
keeps on a real clock, by a thread or by a signal, is never reached while they look (red-team
pass 65). In a check process the loop lets virtual time pass only while no thread but the checks'
own is alive, every signal's handler is the process's own and no real-time alarm is armed: otherwise
the run fails, saying why.
"""

from __future__ import annotations

import pytest

from course.testing import run

from .test_problem_checks import _notebook, _outputs, _text

CHECK = '''
from course.testing import run

async def waits(sim):
    await asyncio.sleep(1)
    return "waited"

print(run(waits))
'''

TIMER = '''
import threading
gave_up = threading.Event()
timer = threading.Timer(60, gave_up.set)  # a deadline on the real clock
timer.daemon = True
timer.start()
'''

ALARM = '''
import signal
signal.signal(signal.SIGALRM, lambda number, frame: None)  # a deadline on the real clock, once armed
'''

REAL_ALARM = '''
import signal
signal.setitimer(signal.ITIMER_REAL, 1000.0)  # no handler: its remaining time is a real clock to poll
'''

PAST = '''
import signal
import threading
worker = threading.Thread(target=lambda: None)  # a thread that has ended before the checks run
worker.start()
worker.join()
signal.signal(signal.SIGUSR1, lambda number, frame: None)
signal.signal(signal.SIGUSR1, signal.SIG_DFL)  # a handler put back as it was
'''


NO_CODE = '''
import signal
signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # Python starts with SIGPIPE ignored: a common idiom
signal.signal(signal.SIGINT, signal.SIG_IGN)  # (SIGINT's own handler is Python's default_int_handler)
signal.signal(signal.SIGUSR2, 1)  # SIG_IGN's value, as a plain int
'''

@pytest.mark.parametrize("solution, named", [(TIMER, "1 thread(s) your code started"),
                                             (ALARM, "a signal handler your code installed (SIGALRM)"),
                                             (REAL_ALARM, "a real-time alarm your code armed")])
def test_a_thread_signal_handler_or_alarm_of_the_solutions_fails_a_check_that_lets_time_pass(solution, named):
    text = _text(_outputs(_notebook(solution, CHECK))["p01_test_0"])
    assert "Waits outside the event loop" in text and named in text, text
    assert "waited" not in text, text


def test_what_has_ended_or_was_put_back_before_the_checks_is_no_wake_up():
    """The checks' own threads (the main thread, the watchdog) and handlers are never a solution's;
    nor is a thread that has ended, or a handler put back as the process had it."""
    text = _text(_outputs(_notebook(PAST, CHECK))["p01_test_0"])
    assert text.strip() == "waited", text


def test_a_signal_set_to_its_default_action_or_ignored_runs_no_code_and_is_no_wake_up():
    """Red-team pass 103 (fairness): a correct solution restoring SIGPIPE's default action failed every
    check; SIG_DFL and SIG_IGN run no Python code (the interpreter stores an int equal to one as that one)."""
    text = _text(_outputs(_notebook(NO_CODE, CHECK))["p01_test_0"])
    assert text.strip() == "waited", text


def test_outside_a_check_process_nothing_is_looked_at():
    """In a notebook the student's own threads (and the kernel's) are left alone: only grading,
    in a check process, asks."""
    namespace: dict = {}
    exec(TIMER, namespace)
    try:
        async def waits(sim):
            import asyncio
            await asyncio.sleep(1)
            return "waited"

        assert run(waits) == "waited"
    finally:
        namespace["timer"].cancel()
