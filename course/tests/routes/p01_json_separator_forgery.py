# baseline: submissions/p01/buggy_does_nothing.py
# Finding p01_json_separator_forgery: a solution that does NOTHING earns every point, by rewriting the
# check process's signed reports through `json.JSONEncoder.key_separator`.
# How: problem_process.main signs `json.JSONEncoder().encode(message)`, an encoder made before student
# code ran, but whose separators are *class data* (`JSONEncoder.key_separator`), read at every
# encode() call. The guard watches only callables of json.encoder, so the solution can set the
# separator to  ': "<cell id>", "outputs": [], "verdicts": [<passing verdicts>], "seq": '.
# Every `"key": value` of a report then encodes as
#   "key": "<cell id>", "outputs": [], "verdicts": [...], "seq": value
# which main signs as usual (the HMAC is over whatever text dumps produced). JSON keeps the last of a
# duplicated key: the grader parses id = <cell id>, outputs = [] (the check's error output gone),
# verdicts = the forged passing ones, seq = the real number (the last entry of a report is "seq").
# The solution learns which cell is running from the co_filename ("<hidden test p01_test_total>") of
# the scenario coroutine (the scenario task's coroutine's cr_await: no frame), and resets the
# separator in every cell; scenario names come from earlier feedback ("replay: run(total_is_exact,
# seed=0)"), and seeds are over-provided (0..299 and None).
# Score now: 10/10.  Fair: 0/10 (increment does nothing: counter never changes).
import asyncio
import json

_SCENARIOS = {  # cell -> scenario names (as failure feedback names them)
    "p01_test_visible": ["three_tasks_ten_increments"],
    "p01_test_total": ["total_is_exact"],
    "p01_test_exclusive": ["one_update_at_a_time"],
    "p01_test_given_lock": ["updates_hold_the_given_lock"],
    "p01_test_release_on_error": ["lock_released_on_error", "lock_released_on_cancellation"],
    "p01_test_awaits_io": ["each_update_suspends"],
}


def _separator(cell):
    names = _SCENARIOS.get(cell, [])
    verdicts = [[name, seed, True, ""] for name in names for seed in [None, *range(300)]]
    return f': {json.dumps(cell)}, "outputs": [], "verdicts": {json.dumps(verdicts)}, "seq": '


def _tag():
    """Which test cell is running: the file name of the scenario coroutine's code."""
    for task in asyncio.all_tasks():
        if task.get_name() != "scenario":
            continue
        coro = task.get_coro().cr_await  # _to_the_end(...) awaits the scenario coroutine
        code = getattr(coro, "cr_code", None)
        if code is not None and code.co_filename.startswith(("<test ", "<hidden test ")):
            cell = code.co_filename.rsplit(" ", 1)[1].rstrip(">")
            json.JSONEncoder.key_separator = _separator(cell)


async def increment(counter, lock, n):
    _tag()  # ...and nothing else: no lock, no update
    await asyncio.sleep(0)
    _tag()
