"""Each problem's test cells run in a sandboxed process of their own, and what it
reports becomes the cells' outputs only if it is well-formed and really came
from course.problem_process (real bubblewrap sandboxes, real interpreters)."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import nbformat
import pytest

from course.grading.check_server import CheckServers
from course.grading.problem_checks import (MAX_OUTPUTS, MAX_REPORT_BYTES, ProblemChecks, _boot_paths, outputs_for,
                                          split_problems, valid_outputs)
from course.grading.sandbox import Sandbox

from .checked import check

ROOT = Path(__file__).resolve().parents[2]


def _cell(grade_id: str, source: str, *, test: bool = False, solution: bool = False) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {"grade_id": grade_id, "grade": test, "solution": solution,
                                 "locked": not solution, "points": 1 if test else 0, "schema_version": 3}
    return cell


def _notebook(solution: str, *tests: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [_cell("setup", "import asyncio\nSETUP = 1"),
                _cell("p01_given", "GIVEN = 2"),
                _cell("p01_solution", solution, solution=True),
                _cell("p01_demo", "raise RuntimeError('demos never run in a check process')"),
                *(_cell(f"p01_test_{i}", source, test=True) for i, source in enumerate(tests))]
    return nb


def _outputs(nb: nbformat.NotebookNode, **sandbox) -> dict[str, list[dict]]:
    return check(nb, "p01", **{"problem_timeout": 20.0, **sandbox}).outputs


def _text(outputs: list[dict]) -> str:
    return "\n".join(o.get("text") or o.get("evalue") or str(o.get("data", {}).get("text/plain", ""))
                     for o in outputs)


def test_problems_hold_setup_given_solution_and_tests_only():
    nb = nbformat.read(ROOT / "source" / "async_patterns" / "1_easy.ipynb", as_version=4)
    problems = split_problems(nb)
    assert sorted(problems) == ["p01", "p02", "p03"]
    roles = [(cell_id, role) for cell_id, role, _ in problems["p02"].cells]
    assert roles[:3] == [("setup", "setup"), ("p02_given", "given"), ("p02_solution", "solution")]
    assert all(role == "test" for _, role in roles[3:]) and len(roles) == 3 + 7
    assert not any(cell_id.startswith(("p01", "p03")) for cell_id, _ in roles)


def test_test_cells_report_their_outputs_and_errors():
    outputs = _outputs(_notebook("def f():\n    return SETUP + GIVEN",
                                 "print(f())", "assert f() == 4, 'f() should be 4'", "f()"))
    assert outputs["p01_test_0"] == [{"output_type": "stream", "name": "stdout", "text": "3\n"}]
    error, = outputs["p01_test_1"]
    assert error["output_type"] == "error" and error["ename"] == "AssertionError"
    result, = outputs["p01_test_2"]
    # Shown as a display, never an execute_result: nbgrader would read that as a partial score.
    assert result["output_type"] == "display_data" and result["data"]["text/plain"] == "3"


def test_ipython_syntax_is_made_python_in_the_check_process_not_in_the_grader():
    """IPython's transformer tokenizes a cell again for each escaped line it rewrites (up to 500
    times): run by the grader on a 92 KB solution of `!:` lines it took 73 s of nbgrader's own CPU
    (red-team pass 56). It now runs in the check process, within the problem's time bound."""
    from course.grading.problem_checks import job_cells
    solution = ("class _Shell:\n    ran = 0\n    def system(self, command):\n        _Shell.ran += 1\n"
                "def get_ipython():\n    return _Shell()\n" + "!:\n" * 120 + "# padding\n" * 250
                + "def f():\n    return SETUP + GIVEN + _Shell.ran\n")
    nb = _notebook(solution, "print(f())")
    # The grader hands the cell on as written (it has not rewritten a line)...
    cells = job_cells(split_problems(nb)["p01"])
    assert next(cell["source"] for cell in cells if cell["id"] == "p01_solution") == solution
    # ...and the check process runs it as a kernel would: each `!:` line is a get_ipython().system call.
    assert _outputs(nb)["p01_test_0"] == [{"output_type": "stream", "name": "stdout", "text": "123\n"}]


def test_a_check_leaves_the_time_module_as_it_found_it():
    # A check process's clocks are patched for good (virtual time in a run, real time elsewhere): a
    # check that swapped them back to the real ones at its end left the guard a changed namespace to
    # put back whole at every look (~6% of a check process's CPU).
    outputs = _outputs(_notebook("", """
import time
from course.testing import explore
before = list(vars(time).items())

async def sleeps(sim):
    await asyncio.sleep(1)

explore(sleeps, seeds=2)
after = list(vars(time).items())
changed = [key for (key, value), (_, now) in zip(before, after) if value is not now]
assert len(before) == len(after) and not changed, changed
print("untouched")"""))
    assert _text(outputs["p01_test_0"]) == "untouched\n", outputs


def test_a_process_that_exits_fails_its_remaining_checks_with_a_reason():
    outputs = _outputs(_notebook("import os\ndef f():\n    os._exit(3)", "print('fine')", "f()", "print('never')"))
    assert _text(outputs["p01_test_0"]) == "fine\n"
    for cell_id in ("p01_test_1", "p01_test_2"):
        error, = outputs[cell_id]
        assert error["ename"] == "ProblemProcessEnded" and "exit status 3" in error["evalue"], error


def test_a_process_past_its_bound_is_killed_and_its_checks_fail():
    spin = "import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\nwhile True:\n    pass"
    outputs = _outputs(_notebook("pass", "print('first')", spin, "print('never')"), problem_timeout=2.0)
    assert _text(outputs["p01_test_0"]) == "first\n"
    for cell_id in ("p01_test_1", "p01_test_2"):
        error, = outputs[cell_id]
        assert error["ename"] == "ProblemTimeout" and "2 s" in error["evalue"], error


def test_reports_without_the_token_are_ignored():
    forge = ("import json, os\n"
             "for fd in range(3, 64):\n"
             "    try:\n"
             "        os.write(fd, (json.dumps({'token': 'guess', 'id': 'p01_test_0', 'outputs': []}) + '\\n').encode())\n"
             "    except OSError:\n"
             "        pass\n")
    outputs = _outputs(_notebook(forge, "raise AssertionError('the real verdict')"))
    error, = outputs["p01_test_0"]
    assert error["ename"] == "AssertionError", outputs


def test_replacing_json_dumps_cannot_rewrite_the_report():
    rewrite = ("import json\n_real = json.dumps\n"
               "json.dumps = lambda m, *a, **k: _real(dict(m, outputs=[]) if 'outputs' in m else m, *a, **k)")
    outputs = _outputs(_notebook(rewrite, "raise AssertionError('the real verdict')"))
    assert outputs["p01_test_0"][0]["ename"] == "AssertionError", outputs


@pytest.mark.parametrize("outputs", [[{"output_type": "bogus", "name": 5}], [{"output_type": "stream"}],
                                     "not a list", [{"output_type": "error", "ename": 1}]])
def test_invalid_outputs_are_refused(outputs):
    assert not valid_outputs(outputs)


def test_valid_outputs_are_accepted():
    assert valid_outputs([{"output_type": "stream", "name": "stdout", "text": "x"},
                          {"output_type": "display_data", "data": {"text/plain": "y"}, "metadata": {}},
                          {"output_type": "error", "ename": "E", "evalue": "v", "traceback": ["t"]}])


# Student code reaches the running cell's outputs through sys.stdout (nothing in Python
# is private); what it puts there is checked by the grader all the same.
_INJECT = "import sys\ndef f():\n    sys.stdout._outputs.items.append({})\n"


def test_an_invalid_reported_output_scores_zero_instead_of_breaking_the_notebook():
    outputs = _outputs(_notebook(_INJECT.format("{'output_type': 'bogus'}"), "f()\nprint('looks fine')"))
    error, = outputs["p01_test_0"]
    assert error["ename"] == "InvalidOutput", outputs


def test_a_forged_partial_score_is_not_a_score():
    forged = "{'output_type': 'execute_result', 'data': {'text/plain': '100'}, 'metadata': {}, 'execution_count': 1}"
    outputs = _outputs(_notebook(_INJECT.format(forged), "f()"))
    assert [o["output_type"] for o in outputs["p01_test_0"]] == ["display_data"], outputs


def test_a_flood_of_outputs_scores_zero_instead_of_swamping_the_grader():
    many = _INJECT.format(f"{{'output_type': 'display_data', 'data': {{'text/plain': 'x'}}, 'metadata': {{}}}}"
                          f") or [f0() for _ in range({MAX_OUTPUTS})]\ndef f0():\n    sys.stdout._outputs.items.append("
                          "{'output_type': 'display_data', 'data': {'text/plain': 'x'}, 'metadata': {}}")
    outputs = _outputs(_notebook(many, "f()\nprint('looks fine')"))
    error, = outputs["p01_test_0"]
    assert error["ename"] == "TooMuchOutput" and f"at most {MAX_OUTPUTS}" in error["evalue"], error


def test_a_report_too_large_to_read_scores_zero_and_is_never_held_whole():
    huge = f"def f():\n    print('x' * {MAX_REPORT_BYTES + 10})"
    outputs = _outputs(_notebook(huge, "f()", "f()"))
    for cell_id in ("p01_test_0", "p01_test_1"):
        error, = outputs[cell_id]
        assert error["ename"] == "TooMuchOutput" and "MiB" in error["evalue"], error


_SCENARIO = ("from course.testing import explore, require\n"
             "async def adds_up(sim):\n"
             "    require(f() == 3, 'f() gives 3', f'it gave {f()!r}')\n")


def test_a_check_scores_only_with_a_passing_verdict_for_every_seed():
    outputs = _outputs(_notebook("def f():\n    return SETUP + GIVEN",
                                 _SCENARIO + "explore(adds_up, seeds=5)",
                                 # the test cell's own mistake, to show the rule: no verdict, no score
                                 _SCENARIO + "explore = lambda *args, **kw: None\nexplore(adds_up, seeds=5)"))
    assert _text(outputs["p01_test_0"]) == "✔ 5 schedule(s) explored, every check passed", outputs
    error, = outputs["p01_test_1"]
    assert error["ename"] == "CheckNotConfirmed" and "adds_up (seed 0)" in error["evalue"], error


def test_raising_the_runners_own_stop_exception_fails_the_check():
    stop = "from course.testing import _runner\ndef f():\n    raise _runner._Stop()"
    outputs = _outputs(_notebook(stop, _SCENARIO + "explore(adds_up, seeds=5)"))
    assert any(o["output_type"] == "error" for o in outputs["p01_test_0"]), outputs


def test_replacing_the_checks_while_they_run_fails_the_check():
    patch = ("import course.testing._failures as failures, types\n"
             "def f():\n"
             "    types.ModuleType.__setattr__(failures, 'require', lambda *a, **k: None)\n"
             "    failures.require.__code__ = (lambda *a, **k: None).__code__\n"
             "    return 4\n")
    outputs = _outputs(_notebook(patch, _SCENARIO + "explore(adds_up, seeds=5)"))
    error = next(o for o in outputs["p01_test_0"] if o["output_type"] == "error")
    assert "changed what the checks run on" in error["evalue"], error


def test_constants_of_the_standard_library_the_checks_use_are_theirs():
    """A module's or class's constants (math.inf, inspect.CO_COROUTINE, a JSONEncoder separator)
    decide what the checks compute as much as its functions: one a solution sets is put back
    before the checks run, and one it sets during a run fails that run."""
    constants = ("import inspect, json, math\n"
                 "math.inf, inspect.CO_COROUTINE = 1e6, inspect.CO_OPTIMIZED\n"
                 "json.JSONEncoder.item_separator = ';'\n"
                 "def f():\n"
                 "    return 3\n")
    sees = ("import inspect, json, math\n"
            "print(math.inf == float('inf'), inspect.iscoroutinefunction(print), json.JSONEncoder.item_separator)")
    during = ("import math\n"
              "def f():\n"
              "    math.pi = 3\n"
              "    return 3\n")
    outputs = _outputs(_notebook(constants, sees))
    assert _text(outputs["p01_test_0"]) == "True False , \n", outputs
    outputs = _outputs(_notebook(during, _SCENARIO + "explore(adds_up, seeds=2)"))
    error = next(o for o in outputs["p01_test_0"] if o["output_type"] == "error")
    assert "changed what the checks run on" in error["evalue"] and "math.pi" in error["evalue"], error


def test_hidden_test_source_never_reaches_the_check_process():
    secret = "### BEGIN HIDDEN TESTS\nSECRET_MARKER = 1\n" + _SCENARIO + "explore(adds_up, seeds=2)\n### END HIDDEN TESTS"
    spy = ("import sys, linecache, os\n"
           "def f():\n"
           "    seen = str(linecache.cache) + open('/proc/self/cmdline', 'rb').read().decode('latin-1')\n"
           "    print('LEAK' if 'BEGIN HIDDEN' in seen else 'nothing')\n"
           "    return 3\n")
    outputs = _outputs(_notebook(spy, secret))
    assert "LEAK" not in _text(outputs["p01_test_0"]), outputs


def test_a_replaced_json_encoder_cannot_rewrite_the_verdicts():
    forge = ("import json\n"
             "class Forge(json.JSONEncoder):\n"
             "    def encode(self, o):\n"
             "        if isinstance(o, dict) and 'verdicts' in o:\n"
             "            o['verdicts'] = [[v[0], v[1], True, ''] for v in o['verdicts']]\n"
             "            o['outputs'] = [x for x in o['outputs'] if x.get('output_type') != 'error']\n"
             "        return super().encode(o)\n"
             "json._default_encoder = Forge()\n"
             "def f():\n    return 4\n")
    outputs = _outputs(_notebook(forge, _SCENARIO + "explore(adds_up, seeds=3)"))
    assert any(o["output_type"] == "error" for o in outputs["p01_test_0"]), outputs


def test_the_reports_encoding_is_fixed_before_any_solution_runs():
    """What a solution sets on json.JSONEncoder (its separators: class data the encoder reads at
    each call) or in json.encoder cannot change what the check process writes to the grader."""
    import json
    import json.encoder

    from course.problem_process import compact_encoder

    message = {"id": "p01_test_0", "outputs": [{"output_type": "error", "ename": "AssertionError"}],
               "verdicts": [["adds_up", 0, False, "d\u00e9j\u00e0"]], "seconds": 0.25, "seq": 3}
    expected = json.dumps(message, separators=(",", ":"))
    dumps = compact_encoder()
    saved = (json.JSONEncoder.key_separator, json.JSONEncoder.item_separator, json.encoder.c_make_encoder,
             json.encoder.encode_basestring_ascii)
    try:
        json.JSONEncoder.key_separator = ': "p01_test_0", "outputs": [], "seq": '
        json.JSONEncoder.item_separator = ", "
        json.encoder.c_make_encoder = json.encoder.encode_basestring_ascii = None
        assert dumps(message) == expected
    finally:
        (json.JSONEncoder.key_separator, json.JSONEncoder.item_separator, json.encoder.c_make_encoder,
         json.encoder.encode_basestring_ascii) = saved
    with pytest.raises(TypeError):
        dumps({"outputs": object()})


def test_a_signed_report_not_written_as_the_checks_write_one_is_refused():
    """The signature proves where a line came from, not that the checks chose its text: a signed
    line with a repeated key (JSON keeps the last: a solution's, spliced in through the encoder's
    separators) or in any other form than the checks' compact one is refused."""
    import hashlib
    import hmac
    import json

    from course.grading.problem_checks import _verified

    key = b"k" * 32

    def signed(body: str) -> bytes:
        return hmac.new(key, body.encode(), hashlib.sha256).hexdigest().encode() + b" " + body.encode() + b"\n"

    real = {"id": "p01_test_0", "outputs": [{"output_type": "error"}], "verdicts": [], "seq": 0}
    assert _verified(signed(json.dumps(real, separators=(",", ":"))), key, 0) == real
    spliced = '{"id":"p01_test_0","outputs":[{"output_type":"error"}],"verdicts":[],"outputs":[],"seq":0}'
    assert json.loads(spliced)["outputs"] == []  # what the grader would have read
    assert _verified(signed(spliced), key, 0) is None
    assert _verified(signed(json.dumps(real)), key, 0) is None  # spaces: not the checks' form


def test_the_check_process_has_no_proc_to_read_its_own_memory():
    spy = "import os\ndef f():\n    return 3 if not os.path.exists('/proc/self/mem') else 0\n"
    outputs = _outputs(_notebook(spy, _SCENARIO + "explore(adds_up, seeds=1)"))
    assert not any(o["output_type"] == "error" for o in outputs["p01_test_0"]), outputs


def test_malformed_verdicts_and_a_corrupted_channel_never_break_the_grader():
    from course.grading.problem_checks import ProblemResult
    problem = split_problems(_notebook("pass", _SCENARIO + "explore(adds_up, seeds=2)"))["p01"]
    bad = ProblemResult({"p01_test_0": []}, "done", 0.1,
                        verdicts={"p01_test_0": [["adds_up", [0], True, ""], ["adds_up", {}, "yes", 5]]})
    error, = outputs_for(problem, "p01_test_0", bad, 20)
    assert error["output_type"] == "error", error
    forge = ("import os, json\n"
             "def f():\n"
             "    for fd in range(3, 64):\n"
             "        try:\n"
             "            os.write(fd, b'x')\n"
             "        except OSError:\n"
             "            pass\n"
             "    return 3\n")
    outputs = _outputs(_notebook(forge, _SCENARIO + "explore(adds_up, seeds=1)"))
    assert any(o["output_type"] == "error" for o in outputs["p01_test_0"]), outputs


def test_events_recorded_around_the_primitives_fail_the_check_and_queries_ignore_tampering():
    traced = ("from course.testing import explore, require\n"
              "async def writes_counted(sim):\n"
              "    counter = sim.shared_list([0], 'counter')\n"
              "    await f(counter)\n"
              "    require(sim.trace.count('counter', 'write') == 2, 'two writes', "
              "f\"{sim.trace.count('counter', 'write')} writes\")\n")
    honest = "async def f(counter):\n    counter[0] = 1\n    counter[0] = 2\n"
    forged = ("async def f(counter):\n"
              "    counter._trace.record('counter', 'write', (0, 1))\n"
              "    counter._trace.record('counter', 'write', (0, 2))\n")
    erased = ("async def f(counter):\n"
              "    counter[0] = 1\n    counter[0] = 2\n    counter[0] = 3\n"
              "    counter._trace.events[:] = counter._trace.events[:2]\n")
    outputs = _outputs(_notebook(honest, traced + "explore(writes_counted, seeds=2)"))
    assert not any(o["output_type"] == "error" for o in outputs["p01_test_0"]), outputs
    for cheat in (forged, erased):
        outputs = _outputs(_notebook(cheat, traced + "explore(writes_counted, seeds=2)"))
        assert any(o["output_type"] == "error" for o in outputs["p01_test_0"]), (cheat, outputs)


# From a red-team pass: the report descriptor is reachable (fstat finds the pipe), so a
# solution can put its own pipe in its place and relay the genuine reports, rewritten.
_RELAY = '''
import fcntl, json, os, stat, threading
def _report_fd():
    for fd in range(3, 256):
        try:
            if stat.S_ISFIFO(os.fstat(fd).st_mode) and fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE == os.O_WRONLY:
                return fd
        except OSError:
            pass
_fd = _report_fd()
_grader = os.dup(_fd)
_mine, _w = os.pipe()
os.dup2(_w, _fd)
os.close(_w)
def _relay():
    with os.fdopen(_mine, "rb") as source, os.fdopen(_grader, "wb", buffering=0) as sink:
        for line in source:
            signature, _, body = line.partition(b" ")
            message = json.loads(body)
            if "verdicts" in message:
                message["verdicts"] = [[v[0], v[1], True, ""] for v in message["verdicts"]]
                message["outputs"] = [o for o in message["outputs"] if o.get("output_type") != "error"]
            sink.write(signature + b" " + json.dumps(message).encode() + b"\\n")
            if message.get("done"):
                return
threading.Thread(target=_relay).start()
def f():
    return 4
'''


def test_a_relayed_and_rewritten_report_is_refused():
    outputs = _outputs(_notebook(_RELAY, _SCENARIO + "explore(adds_up, seeds=2)"))
    error, = outputs["p01_test_0"]
    assert error["ename"] in ("ProblemProcessEnded", "CheckNotConfirmed"), error


def test_a_line_too_deeply_nested_to_parse_costs_only_its_problem():
    deep = ("import fcntl, os, stat\n"
            "for fd in range(3, 256):\n"
            "    try:\n"
            "        if stat.S_ISFIFO(os.fstat(fd).st_mode):\n"
            "            os.write(fd, b'x ' + b'[' * 100000 + b']' * 100000 + b'\\n')\n"
            "    except OSError:\n"
            "        pass\n"
            "def f():\n    return 3\n")
    outputs = _outputs(_notebook(deep, _SCENARIO + "explore(adds_up, seeds=2)"))
    assert _text(outputs["p01_test_0"]) == "✔ 2 schedule(s) explored, every check passed", outputs


def test_a_change_undone_before_the_guard_looks_is_still_seen():
    # From a red-team pass: replace require's code during a run, put it back from a
    # done-callback of the scenario's task (which runs before the run ends).
    undo = ("import asyncio\n"
            "from course.testing import _failures\n"
            "_real = _failures.require.__code__\n"
            "def _accept(condition, invariant, seen='it did not hold'):\n    return None\n"
            "def _undo(_task):\n    _failures.require.__code__ = _real\n"
            "def f():\n"
            "    main = next(t for t in asyncio.all_tasks() if t.get_name() == 'scenario')\n"
            "    _failures.require.__code__ = _accept.__code__\n"
            "    main.add_done_callback(_undo)\n"
            "    return 4\n")
    outputs = _outputs(_notebook(undo, _SCENARIO + "explore(adds_up, seeds=2)"))
    error = next(o for o in outputs["p01_test_0"] if o["output_type"] == "error")
    assert "changed, then put back" in error["evalue"], error


def test_what_the_checks_made_keeps_the_name_and_guard_they_gave_it():
    # From a red-team pass: rename the traced list, drop its guard, rewrite the trace's answers.
    scenario = ("from course.testing import explore, require\n"
                "async def guarded_writes(sim):\n"
                "    lock = sim.lock('lock')\n"
                "    counter = sim.shared_list([0], 'counter', guarded_by=lock)\n"
                "    await f(counter, lock)\n"
                "    require(sim.trace.count('counter', 'write') == 1, 'one write', 'not one write')\n"
                "    require(not sim.trace.select('counter', 'unguarded-write'), 'guarded', 'unguarded')\n"
                "    require(sim.trace.peak('lock') == 1, 'lock taken', 'lock never taken')\n")
    cheats = [
        "async def f(counter, lock):\n    counter._guard = None\n    counter[0] = 1\n"
        "    levels = counter._trace._view()[1]\n    levels['lock'] = 1\n",
        "async def f(counter, lock):\n    counter.name = 'elsewhere'\n    counter[0] = 1\n    counter.name = 'counter'\n"
        "    counter._trace.peak = lambda name: 1\n",
    ]
    honest = "async def f(counter, lock):\n    async with lock:\n        counter[0] = 1\n"
    outputs = _outputs(_notebook(honest, scenario + "explore(guarded_writes, seeds=2)"))
    assert not any(o["output_type"] == "error" for o in outputs["p01_test_0"]), outputs
    for cheat in cheats:
        outputs = _outputs(_notebook(cheat, scenario + "explore(guarded_writes, seeds=2)"))
        assert any(o["output_type"] == "error" for o in outputs["p01_test_0"]), (cheat, outputs)


def test_a_write_is_guarded_by_a_lock_held_by_a_task_awaiting_the_writer():
    """In a check process the ledger decides `unguarded-write`: a write made by a task that a holder of
    the guard awaits (directly, through a gather or a TaskGroup) is guarded; one made by a task the
    holder started but does not await (it sleeps meanwhile, or let the lock go) is not."""
    scenario = ("from course.testing import explore, require\n"
                "async def guarded_writes(sim):\n"
                "    lock = sim.lock('lock')\n"
                "    counter = sim.shared_list([0], 'counter', guarded_by=lock)\n"
                "    await f(counter, lock)\n"
                "    await asyncio.sleep(0.01)\n"
                "    require(sim.trace.count('counter', 'write') == 1, 'one write', 'not one write')\n"
                "    require(not sim.trace.select('counter', 'unguarded-write'), 'guarded', 'unguarded')\n")
    write = "async def _write(counter):\n    await asyncio.sleep(0.001)\n    counter[0] = 1\n"
    guarded = [
        write + "async def f(counter, lock):\n    async with lock:\n        await asyncio.create_task(_write(counter))\n",
        write + "async def f(counter, lock):\n    async with lock:\n        await asyncio.gather(_write(counter))\n",
        write + "async def f(counter, lock):\n    async with lock:\n        async with asyncio.TaskGroup() as group:\n"
                "            group.create_task(_write(counter))\n",
    ]
    unguarded = [
        write + "async def f(counter, lock):\n    async with lock:\n        asyncio.create_task(_write(counter))\n"
                "        await asyncio.sleep(0.002)\n",
        write + "async def f(counter, lock):\n    async with lock:\n        task = asyncio.create_task(_write(counter))\n"
                "    await task\n",
    ]
    for solution in guarded:
        outputs = _outputs(_notebook(solution, scenario + "explore(guarded_writes, seeds=2)"))
        assert not any(o["output_type"] == "error" for o in outputs["p01_test_0"]), (solution, outputs)
    for solution in unguarded:
        outputs = _outputs(_notebook(solution, scenario + "explore(guarded_writes, seeds=2)"))
        assert any(o["output_type"] == "error" for o in outputs["p01_test_0"]), (solution, outputs)


def test_in_a_check_process_working_for_also_follows_the_tasks_a_task_started():
    """`working_for=name` in a check process counts the work of a task `name` started (and of one
    that task started) however `name` learns of the outcome: through a done callback of its own, a
    link asyncio does not keep (red-team pass 39: a P06 consumer's gets were no one's that way);
    a task started by another task is not `name`'s."""
    scenario = ("from course.testing import explore, require\n"
                "async def whose_work(sim):\n"
                "    active = sim.shared_set(name='active')\n"
                "    await asyncio.gather(sim.spawn(f(active, 'mine'), name='caller'),\n"
                "                         sim.spawn(f(active, 'theirs'), name='other'))\n"
                "    mine = sorted(e.detail for e in sim.trace.select('active', 'add', working_for='caller'))\n"
                "    require(mine == ['mine', 'mine-grandchild'], 'lineage', repr(mine))\n")
    solution = ("async def _add(active, tag, deeper):\n"
                "    active.add(tag)\n"
                "    if deeper:\n"
                "        await asyncio.create_task(_add(active, tag + '-grandchild', False))\n"
                "async def f(active, tag):\n"
                "    done = asyncio.get_running_loop().create_future()\n"
                "    child = asyncio.ensure_future(_add(active, tag, True))\n"
                "    child.add_done_callback(lambda _: done.set_result(None))\n"
                "    await done\n")
    outputs = _outputs(_notebook(solution, scenario + "explore(whose_work, seeds=1)"))
    assert not any(o["output_type"] == "error" for o in outputs["p01_test_0"]), outputs


def test_in_a_check_process_own_steps_counts_a_tasks_work_until_it_ends_and_no_one_elses():
    """`sim.own_steps(task)`: the steps of `task`, of the tasks it started (at any depth) and of the callbacks
    it scheduled, up to the step in which it ends; not a bystander's, nor what a task it left behind runs
    after it ended (P03 forgives a cancelled worker its cleanup so, and only its own: red-team pass 53's
    `p03_peer_cleanup_cover` had a slow goodbye cover its peers' work)."""
    scenario = ("from course.testing import explore, require\n"
                "async def _naps(n):\n"
                "    for _ in range(n):\n"
                "        await asyncio.sleep(0.001)\n"
                "async def steps_of(sim):\n"
                "    victim = sim.spawn(f(), name='victim')\n"
                "    first = sim.own_steps(victim)\n"
                "    bystander = sim.spawn(_naps(4), name='bystander')\n"
                "    await asyncio.sleep(0.1)\n"
                "    got = sim.own_steps(victim)\n"
                "    require(first == 0 and got == 7, 'own steps: 2 of its own, 4 of its child, 1 callback',\n"
                "            repr((first, got)))\n")
    solution = ("async def _child(n):\n"
                "    for _ in range(n):\n"
                "        await asyncio.sleep(0.001)\n"
                "async def f():\n"
                "    asyncio.get_running_loop().call_later(0.0005, lambda: None)\n"
                "    await asyncio.create_task(_child(3))\n"
                "    asyncio.create_task(_child(5))  # left behind: its steps after f ended are not f's\n")
    outputs = _outputs(_notebook(solution, scenario + "explore(steps_of, seeds=2)"))
    assert not any(o["output_type"] == "error" for o in outputs["p01_test_0"]), outputs


def test_a_given_cell_that_awaits_at_top_level_still_gives_the_tests_its_definitions():
    nb = _notebook("def f():\n    return 3", _SCENARIO.replace("f() == 3", "f() == 3 and helper() == 'instructor'")
                   + "explore(adds_up, seeds=1)")
    given = next(c for c in nb.cells if c.metadata["nbgrader"]["grade_id"] == "p01_given")
    given.source = "GIVEN = 2\ndef helper():\n    return 'instructor'\nawait asyncio.sleep(0)"
    nb.cells[2].source += "\ndef helper():\n    return 'student'"
    outputs = _outputs(nb)
    assert not any(o["output_type"] == "error" for o in outputs["p01_test_0"]), outputs


def test_the_tests_find_the_given_objects_whatever_the_solution_calls_them_since():
    """`__given__`: the student's namespace as the setup and given cells left it, kept by the check
    process before the solution ran, as (name, object) pairs put back before each test cell: a given
    function stays findable after the solution renames it or deletes its name, and a solution that
    reaches the test cells' namespace (through the functions of their copy of a given class) and
    rebinds `__given__` changes nothing (red-team pass 35: P07)."""
    nb = _notebook("kept = helper\ndel helper\nGIVEN = 5\n"
                   "for cls in object.__subclasses__():\n"
                   "    if cls.__name__ == 'Given' and cls is not Given:\n"
                   "        cls.hello.__globals__['__given__'] = (('helper', None),)",
                   "from course.testing import explore, require\n"
                   "async def kept_by_the_process(sim):\n"
                   "    given = dict(__given__)\n"
                   "    require(type(__given__) is tuple and given['helper'] is kept and given['GIVEN'] == 2\n"
                   "            and 'kept' not in given, 'the given objects, as the given cells left them', repr(given))\n"
                   "explore(kept_by_the_process, seeds=1)")
    nb.cells.append(_cell("p01_test_again", nb.cells[-1].source, test=True))
    given = next(c for c in nb.cells if c.metadata["nbgrader"]["grade_id"] == "p01_given")
    given.source = "GIVEN = 2\ndef helper():\n    return 'given'\nclass Given:\n    def hello(self):\n        return 1"
    outputs = _outputs(nb)
    # The rebinding itself fails the first test cell (a name of the test cells' namespace changed by
    # code that is not a test cell's: see the next test); put back, it changes nothing for the next.
    assert "__given__ (a name added to the test cells' namespace" in _text(outputs["p01_test_0"]), outputs
    assert not any(o["output_type"] == "error" for o in outputs["p01_test_again"]), outputs


def test_the_test_cells_namespace_changes_only_by_the_test_cells_own_statements():
    """The functions and classes the setup and given cells define in the test cells' namespace lead a
    solution to it (`__globals__`), and a name there is looked up before the tests' own builtins: a
    solution that plants `abs` or `min` there, or replaces a name, changes what a test computes
    (routes `p02_/p03_test_globals_planted`: planted from the solution cell, before any test cell).
    The namespace gains or changes only the names a test cell's own code stores, as that cell runs;
    anything else, from the solution cell, between cells (a finalizer) or in a cell before its check
    begins, is put back before a test reads it, and the cell it would affect fails, naming it. A
    name a test cell defines after its check stays for the later cells."""
    solution = (
        "class Sneaky(str):\n"  # a key that a lookup of `len` would ask, and that says it is `len`
        "    def __hash__(self):\n        return hash('len')\n"
        "    def __eq__(self, other):\n        return True\n"
        "ns = next(c.hello.__globals__ for c in object.__subclasses__() if c.__name__ == 'Given'\n"
        "          and c.hello.__globals__.get('__name__') == '__hidden_tests__')\n"
        "ns['abs'] = lambda x: 0\n"
        "ns[Sneaky('len')] = lambda x: 0\n"
        "ns['GIVEN'] = 99\n"
        "class Decoy:\n"  # dropped as a cell ends, its finalizer plants `max` before the next begins
        "    def __del__(self):\n        ns['max'] = lambda *a: 0\n"
        "def plant_decoy():\n    ns['decoy'] = Decoy()\n"
        "def plant_min():\n    ns['min'] = lambda *a: 0\n")
    scenario = ("from course.testing import run, require\n"
                "async def smallest(sim):\n"
                "    \"\"\"min is min\"\"\"\n"
                "    require(min(3, 4) == 3, 'min is min', 'min lied')\n")
    nb = _notebook(solution,
                   "print(abs(-3), len([1, 2]), GIVEN)",
                   # (one statement: a name planted by a statement is put back as the next begins)
                   "plant_decoy() or print('decoy')",
                   "print(max(1, 2))",
                   scenario + "plant_min()\nrun(smallest)",
                   scenario + "run(smallest)\nanswer = min(5, 6)",
                   "print(answer)")
    given = next(c for c in nb.cells if c.metadata["nbgrader"]["grade_id"] == "p01_given")
    given.source = "GIVEN = 2\nclass Given:\n    def hello(self):\n        return 1"
    outputs = _outputs(nb)
    texts = {cell_id: _text(cell_outputs) for cell_id, cell_outputs in outputs.items()}
    failed = {cell_id for cell_id, cell_outputs in outputs.items() if any(o["output_type"] == "error" for o in cell_outputs)}
    assert failed == {"p01_test_0", "p01_test_1", "p01_test_3"}, texts
    # Before the first test cell (from the solution cell): put back before the cell runs, and named.
    assert texts["p01_test_0"].startswith("3 2 2\n"), texts
    for what in ("abs (a name added to", "GIVEN (a name replaced in", "a name that is not a plain string"):
        assert what in texts["p01_test_0"], (what, texts)
    # During a cell, after its last check: that cell fails. What the guard drops as it puts a name back is
    # kept alive for good (red-team pass 111): the decoy's finalizer never runs, and the next cell finds `max`.
    assert "decoy (a name added to" in texts["p01_test_1"], texts
    assert texts["p01_test_2"] == "2\n", texts
    # During a cell, before its check begins: the check fails (the scenario's `min` is the builtin).
    assert "min (a name added to" in texts["p01_test_3"], texts
    # A name a test cell stores after its check stays for the later cells.
    assert texts["p01_test_5"] == "5\n", texts


def test_a_write_to_the_test_cells_builtins_outside_a_check_fails_the_cell_even_if_put_back():
    """Red-team pass 105: a solution's thread swapped the test cells' builtin `globals` between two of their
    statements and put it back before any check began: a cell's `globals().get(...)` read another cell's
    verdict wrong, and the check's start put the builtins back without a word. Now a write to the test
    cells' builtins or imports since the guard last looked fails the cell, even one put back; and one made
    from the solution cell fails the first test cell."""
    solution = (
        "def builtins_of(fn):\n    return fn.__globals__['__builtins__']\n"
        "def swap_and_put_back(fn):\n"
        "    table = builtins_of(fn)\n    real = table['len']\n    table['len'] = lambda x: 0\n    table['len'] = real\n"
        "def plant(fn):\n    builtins_of(fn)['sorted'] = lambda x: [0]\n"
        "ns = next(c.hello.__globals__ for c in object.__subclasses__() if c.__name__ == 'Given'\n"
        "          and c.hello.__globals__.get('__name__') == '__hidden_tests__')\n")
    nb = _notebook(solution,
                   "print(len([1, 2]))",
                   "def f():\n    pass\nswap_and_put_back(f)\nprint(len([1, 2]))",
                   "print(sorted([2, 1]))",
                   "def g():\n    pass\nplant(g)\nprint(sorted([2, 1]))",
                   "print(sorted([3, 1]))")
    given = next(c for c in nb.cells if c.metadata["nbgrader"]["grade_id"] == "p01_given")
    given.source = "GIVEN = 2\nclass Given:\n    def hello(self):\n        return 1"
    outputs = _outputs(nb)
    texts = {cell_id: _text(cell_outputs) for cell_id, cell_outputs in outputs.items()}
    failed = {cell_id for cell_id, cell_outputs in outputs.items() if any(o["output_type"] == "error" for o in cell_outputs)}
    assert failed == {"p01_test_1", "p01_test_3"}, texts
    for cell in failed:
        assert "the test cells' builtins or imports" in texts[cell], texts
    # Put back for the next statement and the next cells: the real builtins.
    assert texts["p01_test_2"] == "[1, 2]\n" and texts["p01_test_4"] == "[1, 3]\n", texts
    assert texts["p01_test_3"].startswith("[1, 2]\n"), texts


def test_each_test_cell_is_told_by_the_check_process_which_cells_before_it_held():
    """`__held__`: the ids of the earlier test cells that held (no error, every verdict passing), put in the
    test cells' namespace by the check process as each cell starts; a cancellation check forgives what another
    cell judges only where that cell failed. Before, that cell's own last statement stored the fact, and a
    solution's signal handler set it to False between the store and the guard's look (red-team pass 107).
    Changed by a solution, it is put back for the next statement, and the cell fails."""
    solution = ("def claim(fn):\n    fn.__globals__['__held__'] = ('p01_test_1',)\n")
    scenario = ("from course.testing import run, require\n"
                "async def fails(sim):\n    \"\"\"it fails\"\"\"\n    require(False, 'it fails', 'as it should')\n"
                "run(fails)")
    nb = _notebook(solution, "print(__held__)", "raise RuntimeError('this cell fails')", scenario,
                   "print(__held__)", "def f():\n    pass\nclaim(f)\nprint(__held__)")
    outputs = _outputs(nb)
    texts = {cell_id: _text(cell_outputs) for cell_id, cell_outputs in outputs.items()}
    assert texts["p01_test_0"] == "()\n", texts
    assert texts["p01_test_3"] == "('p01_test_0',)\n", texts
    assert texts["p01_test_4"].startswith("('p01_test_0', 'p01_test_3')\n"), texts
    assert "__held__ (a name replaced in the test cells' namespace" in texts["p01_test_4"], texts


def test_a_check_runs_only_a_scenario_of_the_tests_own_code():
    """Red-team pass 108: functions of a solution's, named and documented as a test's scenarios, put in the
    test cells' namespace where the test's were, were run by explore() and passed every verdict. A check
    now runs only a function of the test cells' code (or of the course package's)."""
    solution = "async def fake(sim):\n    \"\"\"every invariant holds\"\"\"\n    return 'fine'\n"
    outputs = _outputs(_notebook(solution, "from course.testing import run\nprint(run(fake))",
                                 "from course.testing import run\nasync def own(sim):\n    return 'own'\nprint(run(own))",
                                 # (nor a helper nested in a test, nor a scenario under another's name: pass 109)
                                 "from course.testing import run\ndef make():\n    async def inner(sim):\n"
                                 "        return 'inner'\n    return inner\nprint(run(make()))",
                                 "from course.testing import run\nasync def weak(sim):\n    return 'weak'\n"
                                 "weak.__name__ = 'strong'\nprint(run(weak))"))
    for cell in ("p01_test_0", "p01_test_2", "p01_test_3"):
        assert "is not the test's own" in _text(outputs[cell]), outputs
    assert _text(outputs["p01_test_1"]) == "own\n", outputs


def test_no_finalizer_runs_between_a_test_statements_store_and_the_guards_look():
    """Red-team pass 108: a collection made due at every allocation ran a solution's finalizer right after a
    test statement stored a name (`async def scenario...`), before the guard took the cell's names as they
    were at the next statement's start: the finalizer's replacement passed for the test's own. A statement
    that stores names now runs with the collector off, signals held back and no thread switch until the guard
    has taken them: the replacement lands after, and is put back, failing the cell."""
    solution = (
        "import gc\n"
        "def namespace():\n"
        "    return next(c.hello.__globals__ for c in object.__subclasses__() if c.__name__ == 'Given'\n"
        "                and c.hello.__globals__.get('__name__') == '__hidden_tests__')\n"
        "def fake():\n    return 'fake'\n"
        "class Swapper:\n"
        "    def __init__(self):\n        self.me = self\n"
        "    def __del__(self):\n"
        "        ns = namespace()\n"
        "        if 'target' in ns and ns['target'] is not fake:\n            ns['target'] = fake\n"
        "        else:\n            Swapper()\n"
        "def arm():\n    gc.set_threshold(1, 10**9, 10**9)\n    Swapper()\n")
    nb = _notebook(solution, "arm()", "def target():\n    return 'own'\nprint(target())")
    given = next(c for c in nb.cells if c.metadata["nbgrader"]["grade_id"] == "p01_given")
    given.source = "GIVEN = 2\nclass Given:\n    def hello(self):\n        return 1"
    outputs = _outputs(nb)
    text = _text(outputs["p01_test_1"])
    failed = any(o["output_type"] == "error" for o in outputs["p01_test_1"])
    # The finalizer runs once the guard has taken `target` (at the next statement's first allocation): the
    # cell then fails, naming it; it never passes with the solution's function taken for the test's.
    assert (failed and "target (a name replaced in the test cells' namespace" in text) or text == "own\n", text


def test_a_signal_handler_of_the_solutions_fails_a_cell_whose_statements_store_names():
    """A statement that stores names holds signals back in the main thread only: where another thread takes
    one, Python 3.13 runs the main thread's handler at once, in the midst (3.11 and 3.12 wait for a thread
    switch, which the statement never makes). So a handler of the solution's, which would also fail any
    check that lets time pass, fails such a cell; SIG_DFL and SIG_IGN run no code."""
    solution = "import signal\nsignal.signal(signal.SIGUSR1, lambda number, frame: None)\n"
    outputs = _outputs(_notebook(solution, "def f():\n    return 1\nprint(f())"))
    assert "a signal handler of your code's" in _text(outputs["p01_test_0"]), outputs
    quiet = _outputs(_notebook("import signal\nsignal.signal(signal.SIGUSR1, signal.SIG_IGN)\n",
                               "def f():\n    return 1\nprint(f())"))
    assert _text(quiet["p01_test_0"]) == "1\n", quiet


def test_a_statement_that_raises_keeps_what_the_statements_before_it_stored():
    """A test cell's names are its own once the statement that stored them has ended: a later statement
    that raises (a visible check's `defined(...)` for an unsolved problem) fails the cell with its own
    error alone, and the names stay for the later cells. (The guard put the namespace back to what it
    was as the cell began, and the cell was also told "your code changed the test cells' namespace
    (defined (a name removed ...)": every unsolved problem's feedback said so.)"""
    outputs = _outputs(_notebook("pass",
                                 "from course.testing import defined, require\nLIMIT = 3\ndefined('increment')",
                                 "print(defined.__name__, LIMIT)"))
    errors = [o for o in outputs["p01_test_0"] if o["output_type"] == "error"]
    assert [e["ename"] for e in errors] == ["MissingName"], _text(outputs["p01_test_0"])
    assert "changed the test cells' namespace" not in _text(outputs["p01_test_0"])
    assert outputs["p01_test_1"] == [{"output_type": "stream", "name": "stdout", "text": "defined 3\n"}]


def test_a_task_is_known_by_the_name_it_was_made_with_whatever_set_name_does():
    """In a check's run, `get_name()` of a task is the name it was made with (the one the ledger
    files its events under): a solution renaming the task it runs in, or a task the test spawned,
    cannot make a check take it for another (red-team pass 35: P06 matched a cancelled consumer's
    events by its current name)."""
    nb = _notebook("import asyncio\nasync def consume():\n    asyncio.current_task().set_name('renamed')\n"
                   "    await asyncio.sleep(0)\n    return asyncio.current_task().get_name()",
                   "from course.testing import explore, require\n"
                   "async def named(sim):\n"
                   "    task = sim.spawn(consume(), name='consumer-0')\n"
                   "    inside = await task\n"
                   "    require(task.get_name() == 'consumer-0' and inside == 'consumer-0',\n"
                   "            'the name it was made with', f'{task.get_name()!r}, {inside!r}')\n"
                   "explore(named, seeds=1)")
    outputs = _outputs(nb)
    assert not any(o["output_type"] == "error" for o in outputs["p01_test_0"]), outputs


# From a third red-team pass: swap what the runner matches and calls, or the test cells'
# `require`, during a run, and put it all back while winding down (from the runner's
# `_wind_down`, a module global, or from the loop's `close`, an instance attribute).
_RIG_RUNNER = """
import course.testing._runner as _runner
_r = vars(_runner)
_saved = {k: _r[k] for k in ("CheckFailed", "InvariantBroken", "solution_error", "_wind_down") if k in _r}
class _Nothing(Exception):
    pass
def _wind_down(loop, main):
    try:
        return _saved["_wind_down"](loop, main)
    finally:
        _r.update(_saved)
def f(marker):
    _r.update(CheckFailed=_Nothing, solution_error=lambda exc: None, _wind_down=_wind_down)
    return 4
"""
_RIG_TESTS = """
import asyncio
def f(marker):
    tests = marker.__globals__  # a function the test handed over: the test cells' namespace
    real = tests["require"]
    tests["require"] = lambda *a, **k: None
    asyncio.get_running_loop().close = lambda: tests.__setitem__("require", real)
    return 4
"""
_HANDS_OVER = ("from course.testing import explore, require\n"
               "def marker():\n    pass\n"
               "async def adds_up(sim):\n"
               "    require(f(marker) == 3, 'f() gives 3', 'it did not')\n")


def test_what_a_run_changes_and_puts_back_while_winding_down_is_seen():
    for rig in (_RIG_RUNNER, _RIG_TESTS):
        outputs = _outputs(_notebook(rig, _HANDS_OVER + "explore(adds_up, seeds=2)"))
        assert any(o["output_type"] == "error" for o in outputs["p01_test_0"]), (rig, outputs)


# A solution that replaces `require`, a name the test cell stored in an earlier statement (its
# import), between two of the cell's explores, after the first one's last look: from a finalizer
# (of a result the check hands back, dropped as the statement ends) or from a thread of its own.
_SWAP_BY_FINALIZER = """
import threading
class _Three(int):
    def __del__(self):
        if not any(t.name == "course-watchdog" for t in threading.enumerate()):
            self.tests["require"] = lambda *a, **k: None
def f(marker):
    if f.calls:
        return 4
    f.calls += 1
    three = _Three(3)
    three.tests = marker.__globals__  # a function the test handed over: the test cells' namespace
    return three
f.calls = 0
"""
_SWAP_BY_THREAD = """
import threading, time
def f(marker):
    if f.calls:
        return 4
    f.calls += 1
    tests = marker.__globals__
    def swap():
        while any(t.name == "course-watchdog" for t in threading.enumerate()):
            time.sleep(0.001)
        tests["require"] = lambda *a, **k: None
    threading.Thread(target=swap, daemon=True).start()
    return 3
f.calls = 0
"""
_TWO_EXPLORES = ("import time\n"
                 "from course.testing import explore, require\n"
                 "def marker():\n    pass\n"
                 "async def adds_up(sim):\n"
                 "    got = f(marker)\n"
                 "    require(got == 3, 'f() gives 3', f'it gave {got}')\n"
                 "    return got\n"
                 "explore(adds_up, seeds=1)\n"
                 "time.sleep(0.3)\n"
                 "explore(adds_up, seeds=1)\n")


def test_a_name_the_test_cell_stored_earlier_replaced_between_its_checks_fails_the_cell():
    # Each statement of a test cell runs on its own, and only what the running statement stores is
    # taken as the cell's own (route p10_stored_name_swapped_between_explores: the import's
    # `require`, made a no-op by a finalizer after the first explore, passed the later ones).
    for rig in (_SWAP_BY_FINALIZER, _SWAP_BY_THREAD):
        outputs = _outputs(_notebook(rig, _TWO_EXPLORES))
        errors = [o for o in outputs["p01_test_0"] if o["output_type"] == "error"]
        assert errors and "require" in _text(errors), (rig, outputs)
    # An honest cell that stores the same names again in later statements passes.
    honest = "def f(marker):\n    return 3\n"
    again = _TWO_EXPLORES + "from course.testing import require\nrequire(f(marker) == 3, 'f', 'g')\nrequire\n"
    outputs = _outputs(_notebook(honest, again))
    assert not any(o["output_type"] == "error" for o in outputs["p01_test_0"]), outputs


def test_names_removed_from_the_test_cells_namespace_are_named_in_the_same_order_on_every_grading():
    # What a statement stores is taken in the namespace's order, not a frozenset's (which changes
    # with each process's hash seed): a class graded twice got two different feedback texts.
    remover = ("def remove(names):\n"
               "    for key in ('require', 'run', 'defined', 'explore', 'settled', 'instance_of'):\n"
               "        names.pop(key, None)\n")
    cell = ("from course.testing import require, run, defined, explore, settled, instance_of\n"
            "def probe():\n    pass\n"
            "remove(probe.__globals__)\n"
            "print('after')\n")
    texts = set()
    for _ in range(3):  # (each grading's check process has a hash seed of its own)
        outputs = _outputs(_notebook(remover, cell))
        errors = [o for o in outputs["p01_test_0"] if o["output_type"] == "error"]
        assert errors, outputs
        text = _text(errors)
        named = [name for name in ("require", "run", "defined", "explore", "settled", "instance_of")
                 if f"{name} (a name removed" in text]
        assert named and sorted(named, key=text.index) == named, text
        texts.add(text)
    assert len(texts) == 1, texts


def test_the_resource_factorys_books_are_kept_out_of_the_pools_reach():
    # From a red-team pass: a pool holds the factory and its resources, and their facts were
    # plain attributes: renew `made_at`, mend `broken`, zero `peak`, empty `handouts`.
    scenario = ("import asyncio\nfrom course.testing import explore, require\n"
                "async def audited(sim):\n"
                "    factory = sim.resources(lifetime=0.05)\n"
                "    first = await lend(factory, 'a')\n"
                "    first.broken = True\n"
                "    await asyncio.sleep(0.01)\n"
                "    second = await lend(factory, 'b')\n"
                "    third = await lend(factory, 'c')\n"
                "    await asyncio.sleep(0.1)\n"
                "    fourth = await lend(factory, 'd')\n"
                "    require(all(h.healthy and h.ours and not h.shared_with for h in factory.handouts), "
                "'healthy, ours, one holder', str(factory.handouts))\n"
                "    require(len(factory.handouts) == 4 and factory.peak == 1, 'four, one at a time', "
                "f'{len(factory.handouts)} {factory.peak}')\n"
                "async def lend(factory, name):\n"
                "    resource = await take(factory)\n"
                "    factory.taken(resource, name)\n"
                "    factory.returned(resource)\n"
                "    return resource\n")
    honest = ("kept = []\n"
              "async def take(factory):\n"
              "    while kept and not kept[-1].check_health():\n"
              "        kept.pop().close()\n"
              "    if not kept:\n"
              "        kept.append(factory(len(kept)))\n"
              "    return kept[-1]\n")
    one = "kept = []\nasync def take(factory):\n    if not kept:\n        kept.append(factory(0))\n"
    cheats = [
        one + "    r = kept[0]\n    r.made_at = factory.clock()\n    r.broken = False\n    return r\n",
        one + "    r = kept[0]\n    object.__setattr__(r, '_facts', [0.0, None, False, 0])\n"
              "    r._factory = type(factory)(lambda: 0.0)\n    return r\n",
        one + "    factory.returned(kept[0])\n    return kept[0]\n",
        one + "    factory._books.lifetime = float('inf')\n    factory._books.facts[id(kept[0])][2] = False\n"
              "    return kept[0]\n",
    ]
    outputs = _outputs(_notebook(honest, scenario + "explore(audited, seeds=1)"))
    assert not any(o["output_type"] == "error" for o in outputs["p01_test_0"]), outputs
    for cheat in cheats:
        outputs = _outputs(_notebook(cheat, scenario + "explore(audited, seeds=1)"))
        assert any(o["output_type"] == "error" for o in outputs["p01_test_0"]), (cheat, outputs)


def test_what_the_checks_hand_out_cannot_answer_for_itself():
    # From a red-team pass: a task, a lock, the loop are the checks' objects, but a solution
    # holding them could set attributes that shadow their methods, or swap their class.
    scenario = ("import asyncio\nfrom course.testing import explore, require\n"
                "async def asked(sim):\n"
                "    lock = asyncio.Lock()\n"
                "    await prepare()\n"
                "    task = asyncio.create_task(f(lock))\n"
                "    await asyncio.sleep(0.01)\n"
                "    require(task.done() and not task.cancelled() and task.result() == 1 and not lock.locked(), "
                "'f returns 1 at once and leaves the lock free', 'it did not')\n"
                "    task.cancel()\n")
    honest = "async def prepare():\n    pass\nasync def f(lock):\n    return 1\n"
    stuck = "async def prepare():\n    pass\nasync def f(lock):\n    await lock.acquire()\n    task = asyncio.current_task()\n"
    cheats = [
        stuck + "    task.done = lambda: True\n    task.result = lambda: 1\n    lock.locked = lambda: False\n"
                "    await asyncio.sleep(1)\n",
        stuck + "    vars(task)['done'] = lambda: True\n    vars(task)['result'] = lambda: 1\n"
                "    vars(lock)['locked'] = lambda: False\n    await asyncio.sleep(1)\n",
        stuck + "    class Liar(type(task)):\n        done = lambda self: True\n        result = lambda self: 1\n"
                "    task.__class__ = Liar\n    await asyncio.sleep(1)\n",
        "import asyncio\nasync def prepare():\n    pass\nasync def f(lock):\n    task = asyncio.current_task()\n"
        "    class Liar(asyncio.Task):\n        done = lambda self: True\n        result = lambda self: 1\n"
                "    sealed, set_class = type(task), object.__dict__['__class__'].__set__\n"
                "    set_class(task, Liar)\n    await asyncio.sleep(0.02)\n    set_class(task, sealed)\n",
        "import asyncio\nasync def prepare():\n    loop = asyncio.get_running_loop()\n"
        "    class Liar(asyncio.Task):\n        def done(self): return True\n        def result(self): return 1\n"
        "    loop.set_task_factory(lambda loop, coro, **kw: Liar(coro, loop=loop, **kw))\n"
        "    loop.create_task = lambda coro, **kw: Liar(coro, loop=loop, **kw)\n"
        "async def f(lock):\n    await lock.acquire()\n    await asyncio.sleep(1)\n",
    ]
    outputs = _outputs(_notebook(honest, scenario + "explore(asked, seeds=1)"))
    assert not any(o["output_type"] == "error" for o in outputs["p01_test_0"]), outputs
    for cheat in cheats:
        outputs = _outputs(_notebook(cheat, scenario + "explore(asked, seeds=1)"))
        assert any(o["output_type"] == "error" for o in outputs["p01_test_0"]), (cheat, outputs)


def _passes(solution: str, scenario: str) -> bool:
    outputs = _outputs(_notebook(solution, scenario))["p01_test_0"]
    return not any(o["output_type"] == "error" for o in outputs)


def test_the_schedule_the_clock_and_the_ledger_are_out_of_a_solutions_reach():
    # From a red-team pass: the loop's seeded generator, cancel plan and clock were its
    # attributes, the trace's level table a module dict, and the ledger was found by the
    # name of a local, which a solution's function could have too.
    # A race that asyncio's FIFO order hides: only the seeded schedules find it.
    racy = ("import asyncio\nfrom course.testing import explore, require\n"
            "async def total(sim):\n"
            "    counter = [0]\n"
            "    prepare()  # as a test makes the solution's objects before it starts the tasks\n"
            "    await asyncio.gather(f(counter, 0), f(counter, 1))\n"
            "    require(counter[0] == 2, 'no update lost', f'{counter[0]}')\n"
            "explore(total, seeds=20)\n")
    lost = ("    if i == 0:\n        value = counter[0]\n        await asyncio.sleep(0)\n        counter[0] = value + 1\n"
            "    else:\n        await asyncio.sleep(0)\n        counter[0] += 1\n")
    assert not _passes("import asyncio\ndef prepare():\n    pass\nasync def f(counter, i):\n" + lost, racy)
    for cheat in ("    asyncio.get_running_loop()._rng.shuffle = lambda batch: None\n",
                  "    import random\n    random.Random.shuffle = lambda self, batch: None\n"):
        assert not _passes("import asyncio\ndef prepare():\n" + cheat + "async def f(counter, i):\n" + lost,
                           racy), cheat

    cancelled = ("import asyncio\nfrom course.testing import explore, require\n"
                 "async def cleans_up(sim):\n"
                 "    held = []\n"
                 "    task = sim.spawn(f(held))\n"
                 "    sim.cancel_at(task, 1)\n"
                 "    await asyncio.gather(task, return_exceptions=True)\n"
                 "    require(not held, 'whenever it ends, it lets go', f'{held}')\n"
                 "explore(cleans_up, seeds=2)\n")
    leaks = "    held.append(1)\n    await asyncio.sleep(0.01)\n    held.clear()\n"
    assert not _passes("import asyncio\nasync def f(held):\n" + leaks, cancelled)
    assert not _passes("import asyncio\nasync def f(held):\n    asyncio.get_running_loop()._cancel_plan.clear()\n"
                       + leaks, cancelled)

    slow = ("import asyncio\nfrom course.testing import explore, require\n"
            "async def takes_its_time(sim):\n"
            "    await f()\n"
            "    require(sim.now() >= 0.05, 'f takes 50 ms', f'{sim.now()}')\n"
            "explore(takes_its_time, seeds=1)\n")
    assert _passes("import asyncio\nasync def f():\n    await asyncio.sleep(0.05)\n", slow)
    assert not _passes("import asyncio\nasync def f():\n    asyncio.get_running_loop()._now += 0.05\n"
                       "    await asyncio.sleep(0)\n", slow)

    guarded = ("import asyncio\nfrom course.testing import explore, require\n"
               "async def one_holder(sim):\n"
               "    lock = sim.lock('lock')\n"
               "    counter = sim.shared_list([0], 'counter', guarded_by=lock)\n"
               "    await asyncio.gather(f(counter, lock), f(counter, lock))\n"
               "    require(not sim.trace.select('counter', 'unguarded-write'), 'every write holds the lock', 'no')\n"
               "    require(sim.trace.peak('lock') <= 1, 'one holder at a time', f\"{sim.trace.peak('lock')}\")\n"
               "explore(one_holder, seeds=2)\n")
    assert _passes("async def f(counter, lock):\n    async with lock:\n        counter[0] += 1\n", guarded)
    for cheat in (
        "import types\nasync def f(counter, lock):\n"
        "    __course_ledger__ = types.SimpleNamespace(events=[], levels={}, peaks={}, forged=[], tests=(),\n"
        "        objects={}, holders={}, now=0.0, current_task=lambda: None)\n"
        "    counter[0] += 1\n",
    ):
        assert not _passes("import asyncio\n" + cheat, guarded), cheat
    one_at_a_time = ("import asyncio\nfrom course.testing import explore, require\n"
                     "async def one_holder(sim):\n"
                     "    permits = sim.semaphore(2, 'permits')\n"
                     "    await asyncio.gather(f(permits), f(permits))\n"
                     "    require(sim.trace.peak('permits') <= 1, 'one at a time', f\"{sim.trace.peak('permits')}\")\n"
                     "explore(one_holder, seeds=2)\n")
    both = "    async with permits:\n        await asyncio.sleep(0.01)\n"
    assert not _passes("import asyncio\nasync def f(permits):\n" + both, one_at_a_time)
    assert not _passes("import asyncio\nimport course.testing._trace as t\nasync def f(permits):\n"
                       "    try:\n        t._LEVEL_DELTA['acquire'] = 0\n    except TypeError:\n        pass\n"
                       + both, one_at_a_time)


def test_calls_to_a_callable_the_checks_hand_out_are_counted_where_a_solution_cannot_reach():
    # From a red-team pass: P08's checks counted fn's calls in a list of the object whose
    # bound method fn was (`fn.__self__.calls`), which the breaker holds.
    scenario = ("import asyncio\nfrom course.testing import explore, require\n"
                "async def calls_once(sim):\n"
                "    async def charge(order):\n"
                "        return order\n"
                "    fn = sim.calls(charge, 'fn')\n"
                "    await f(fn)\n"
                "    require(sim.trace.count('fn', 'call') == 1, 'fn called once', str(sim.trace.count('fn', 'call')))\n"
                "explore(calls_once, seeds=1)\n")
    assert _passes("async def f(fn):\n    await fn(1)\n", scenario)
    for cheat in ("async def f(fn):\n    await fn(1)\n    await fn(2)\n    fn._trace.events.clear()\n",
                  "async def f(fn):\n    await fn(1)\n    await fn(2)\n    fn._trace._view()[0].pop()\n",
                  # The callable it counts, called past it (red-team pass 7): kept by the ledger only.
                  "async def f(fn):\n    await fn(1)\n    await fn._fn(2)\n"):
        assert not _passes(cheat, scenario), cheat


def test_a_traced_primitive_files_its_events_whatever_its_attributes_say():
    # From a red-team pass: traced primitives recorded through `self._trace` and counted
    # suspensions through `self._suspensions`, attributes a solution holding them can set,
    # and their private helpers could be shadowed on the instance.
    suspending = ("import asyncio\nfrom course.testing import explore, require\n"
                  "async def each_update_suspends(sim):\n"
                  "    counter = sim.shared_list([0], 'counter')\n"
                  "    await asyncio.gather(f(counter), f(counter))\n"
                  "    updates = sim.trace.windows('counter')\n"
                  "    require(len(updates) >= 2, 'two updates', str(len(updates)))\n"
                  "    require(all(w.suspensions != r.suspensions for r, w in updates), 'each update suspends', 'no')\n"
                  "explore(each_update_suspends, seeds=2)\n")
    straight = "    value = counter[0]\n    counter[0] = value + 1\n"
    assert _passes("import asyncio\nasync def f(counter):\n    value = counter[0]\n    await asyncio.sleep(0)\n"
                   "    counter[0] = value + 1\n", suspending)
    assert not _passes("async def f(counter):\n" + straight, suspending)
    for cheat in ("    counts = iter(range(10**6))\n    counter._suspensions = lambda task: next(counts)\n",
                  "    counter._suspended = lambda: id(object())\n"):
        assert not _passes("async def f(counter):\n" + cheat + straight, suspending), cheat

    one_at_a_time = ("import asyncio\nfrom course.testing import explore, require\n"
                     "async def one_holder(sim):\n"
                     "    permits = sim.semaphore(2, 'permits')\n"
                     "    await asyncio.gather(f(permits), f(permits))\n"
                     "    require(sim.trace.peak('permits') <= 1, 'one at a time', str(sim.trace.peak('permits')))\n"
                     "explore(one_holder, seeds=2)\n")
    both = "    async with permits:\n        await asyncio.sleep(0.01)\n"
    assert not _passes("import asyncio\nasync def f(permits):\n" + both, one_at_a_time)
    for cheat in ("    import types\n    permits._trace = types.SimpleNamespace(record=lambda *a, **k: None,\n"
                  "                                           current_task=lambda: None)\n",
                  "    permits._hold = lambda: None\n"):
        assert not _passes("import asyncio\nasync def f(permits):\n" + cheat + both, one_at_a_time), cheat


_KILL_ALL = '''
import asyncio

def _end_everything(loop):
    for task in list(asyncio.all_tasks(loop)):
        waiter = task._fut_waiter
        if waiter is not None:
            for callback, _ in list(waiter._callbacks or ()):
                if getattr(callback, "__self__", None) is task:
                    waiter.remove_done_callback(callback)
        for handle in list(loop._ready):
            if getattr(handle._callback, "__self__", None) is task:
                handle.cancel()
        asyncio.Future.set_result(task, None)

async def f():
    loop = asyncio.get_running_loop()
    loop.call_later(1.2345e-6, _end_everything, loop)
    await loop.create_future()
'''


def test_a_task_marked_done_from_outside_fails_its_check():
    # From a red-team pass: asyncio.Future.set_result(task, None), through the base class,
    # ended every task of a run (the scenario's too) before its checks ran: full marks on
    # every problem for a solution that did nothing.
    scenario = ("import asyncio\nfrom course.testing import explore, require\n"
                "async def works(sim):\n"
                "    helper = sim.spawn(f(), name='helper')\n"
                "    await f()\n"
                "    require(False, 'f does its work', 'it does nothing')\n"
                "explore(works, seeds=2)\n")
    outputs = _outputs(_notebook(_KILL_ALL, scenario))["p01_test_0"]
    assert any(o["output_type"] == "error" and "ended from outside" in str(o) for o in outputs), outputs
    spawned_only = ("import asyncio\nfrom course.testing import explore, require\n"
                    "async def helper_runs(sim):\n"
                    "    helper = sim.spawn(f(), name='helper')\n"
                    "    await asyncio.sleep(0.01)\n"
                    "    require(helper.done(), 'the helper is done', 'it still runs')\n"
                    "explore(helper_runs, seeds=1)\n")
    ends_only_others = _KILL_ALL.replace("    for task in list(asyncio.all_tasks(loop)):",
                                         "    for task in [t for t in asyncio.all_tasks(loop) if t.get_name() == 'helper']:")
    outputs = _outputs(_notebook(ends_only_others, spawned_only))["p01_test_0"]
    assert any(o["output_type"] == "error" and "'helper' (ended from outside" in str(o) for o in outputs), outputs


def test_a_hidden_test_shows_no_text_the_solution_printed_and_no_hook_sees_its_code():
    # From a red-team pass: an audit hook added by the solution was handed each hidden test
    # cell's code object (the `exec` event) and printed its disassembly into the cell's output.
    hidden = ("### BEGIN HIDDEN TESTS\n"
              "SECRET_PARAMETERS = ((2, 1), (2, 20), (5, 6), 'the-secret-constant')\n"
              "print('a test line')\n"
              "### END HIDDEN TESTS\n")
    solution = '''
import sys, dis, io, asyncio
def leak(event, args):
    if event == "exec" and args and hasattr(args[0], "co_consts"):
        text = io.StringIO()
        dis.dis(args[0], file=text)
        sys.stdout.write(text.getvalue())
sys.addaudithook(leak)
'''
    outputs = _outputs(_notebook(solution, hidden, "print('visible output')"))
    shown = _text(outputs["p01_test_0"])
    assert "the-secret-constant" not in shown and "LOAD_CONST" not in shown, shown
    assert "not shown" in shown, shown
    assert _text(outputs["p01_test_1"]) == "visible output\n"  # a visible test keeps what it printed
    # Nor does a hidden check's failure message quote what was printed while it ran.
    failing = ("### BEGIN HIDDEN TESTS\nfrom course.testing import require, run\n"
               "async def fails(sim):\n    print('printed-in-a-run')\n    require(False, 'it fails', 'always')\n"
               "run(fails)\n### END HIDDEN TESTS\n")
    visible = failing.replace("### BEGIN HIDDEN TESTS\n", "").replace("### END HIDDEN TESTS\n", "")
    outputs = _outputs(_notebook("", failing, visible))
    assert "printed-in-a-run" not in str(outputs["p01_test_0"]) and "not shown" in str(outputs["p01_test_0"])
    assert "printed-in-a-run" in str(outputs["p01_test_1"])
    # Trace and profile functions are refused too (they would see the tests' frames).
    tries = ("import sys\ntry:\n    sys.settrace(lambda *a: None)\n    REFUSED = False\n"
             "except RuntimeError:\n    REFUSED = True\n")
    assert _text(_outputs(_notebook(tries, "print(REFUSED)"))["p01_test_0"]) == "True\n"


def test_the_clock_the_acting_task_and_a_tasks_end_are_the_loops_own():
    # From a second red-team pass: loop._now set to a float whose `!=` always said "same"
    # (every P05 check passed for a bucket that admitted everyone at once); asyncio's table
    # of current tasks rewritten so a write was made "by" the task holding the lock; a task
    # marked done from outside and its coroutine closed, so it looked finished.
    timed = ("import asyncio\nfrom course.testing import explore, require\n"
             "async def takes_its_time(sim):\n"
             "    start = sim.now()\n"
             "    await f()\n"
             "    require(sim.now() - start >= 0.05, 'f takes 50 ms', str(sim.now() - start))\n"
             "explore(takes_its_time, seeds=1)\n")
    fake_clock = ("import asyncio\n"
                  "class Shown(float):\n"
                  "    def __ne__(self, other):\n        return False\n"
                  "    def __eq__(self, other):\n        return True\n"
                  "async def f():\n"
                  "    loop = asyncio.get_running_loop()\n"
                  "    loop._now = Shown(loop._now + 0.05)\n")
    assert not _passes(fake_clock, timed)

    guarded = ("import asyncio\nfrom course.testing import explore, require\n"
               "async def writes_hold_the_lock(sim):\n"
               "    lock = sim.lock('lock')\n"
               "    counter = sim.shared_list([0], 'counter', guarded_by=lock)\n"
               "    holder = sim.spawn(hold(lock), name='holder')\n"
               "    await asyncio.sleep(0.001)\n"
               "    await f(counter, holder)\n"
               "    require(not sim.trace.select('counter', 'unguarded-write'), 'every write holds the lock', 'no')\n"
               "    require(asyncio.current_task() is not holder, 'the scenario is itself', 'it is the holder')\n"
               "    holder.cancel()\n"
               "    await asyncio.gather(holder, return_exceptions=True)\n"
               "async def hold(lock):\n"
               "    async with lock:\n"
               "        await asyncio.sleep(10)\n"
               "explore(writes_hold_the_lock, seeds=1)\n")
    as_the_holder = ("import asyncio\n"
                     "async def f(counter, holder):\n"
                     "    loop, me = asyncio.get_running_loop(), asyncio.current_task()\n"
                     "    asyncio.tasks._current_tasks[loop] = holder\n"
                     "    try:\n        counter[0] = 1\n    finally:\n"
                     "        asyncio.tasks._current_tasks[loop] = me\n")
    assert not _passes(as_the_holder, guarded)

    ends_and_closes = ("import asyncio\nfrom course.testing import explore, require\n"
                       "async def all_served(sim):\n"
                       "    served = []\n"
                       "    async def request(i):\n"
                       "        await f()\n"
                       "        served.append(i)\n"
                       "    tasks = [sim.spawn(request(i), name=f'request-{i}') for i in range(3)]\n"
                       "    await asyncio.gather(*tasks, return_exceptions=True)\n"
                       "    require(all(i in served for i in range(len(served))), 'served in order', str(served))\n"
                       "explore(all_served, seeds=1)\n")
    closer = ("import asyncio\n"
              "def end(task):\n"
              "    asyncio.Future.set_result(task, None)\n"
              "    asyncio.Task.get_coro(task).close()\n"
              "async def f():\n"
              "    loop = asyncio.get_running_loop()\n"
              "    loop.call_soon(end, asyncio.current_task())\n"
              "    await loop.create_future()\n")
    outputs = _outputs(_notebook(closer, ends_and_closes))["p01_test_0"]
    assert any(o["output_type"] == "error" and "ended from outside" in str(o) for o in outputs), outputs


def test_the_runs_bounds_are_out_of_a_solutions_reach():
    # From red-team pass 42: the loop's step bounds were its attributes, read at each step, so a
    # solution that raised them (`asyncio.get_running_loop().max_steps_per_instant = 10**12`)
    # could spin 60,000 times at one instant and then pass as "ended at once"; a larger tick
    # would move every timer the test sets.
    spins = ("import asyncio\nfrom course.testing import explore, require\n"
             "async def ends(sim):\n"
             "    await f()\n"
             "explore(ends, seeds=1)\n")
    honest = ("import asyncio\n"
              "async def f():\n"
              "    for _ in range(60_000):\n"
              "        await asyncio.sleep(0)\n")
    raises = ("import asyncio\n"
              "async def f():\n"
              "    loop = asyncio.get_running_loop()\n"
              "    loop.max_steps_per_instant = 10**12\n"
              "    loop.max_steps = loop.steps + 10**6\n"
              "    loop.max_time = float('inf')\n"
              "    for _ in range(60_000):\n"
              "        await asyncio.sleep(0)\n")
    for solution in (honest, raises):
        error, = (o for o in _outputs(_notebook(solution, spins))["p01_test_0"] if o["output_type"] == "error")
        assert "50,000 callbacks ran one after another" in str(error), error
    # Steps spread over time: bounded by the run's max_steps (100,000), whatever the loop says.
    polls = ("import asyncio\n"
             "async def f():\n"
             "    asyncio.get_running_loop().max_steps = 10**9\n"
             "    for _ in range(150_000):\n"
             "        await asyncio.sleep(0.001)\n")
    error, = (o for o in _outputs(_notebook(polls, spins))["p01_test_0"] if o["output_type"] == "error")
    assert "100,000 callbacks ran" in str(error), error
    # The tick (how late a timer due now fires) is the run's too: a test's 1 ms sleep stays 1 ms.
    timed = ("import asyncio\nfrom course.testing import explore, require\n"
             "async def on_time(sim):\n"
             "    await f()\n"
             "    start = sim.now()\n"
             "    await asyncio.sleep(0)\n"
             "    await asyncio.sleep(0.001)\n"
             "    require(sim.now() - start < 0.002, 'a 1 ms sleep takes 1 ms', str(sim.now() - start))\n"
             "explore(on_time, seeds=1)\n")
    assert _passes("import asyncio\nasync def f():\n    asyncio.get_running_loop().tick = 5.0\n", timed)


def test_a_task_is_filed_under_the_name_it_was_created_with_on_every_python():
    # Before 3.13, asyncio.create_task and TaskGroup.create_task made the task unnamed and named it
    # after: the checks filed its events as "take-1" on 3.11/3.12 and "taker" on 3.13. And 3.13
    # keeps the object a task is named with: a list could not be filed (a correct P06 lost 11
    # points), an object whose hash changes hid the task's work (red-team pass 42).
    scenario = ("import asyncio\nfrom course.testing import explore, require\n"
                "async def names(sim):\n"
                "    lock = sim.lock('lock')\n"
                "    await f(lock)\n"
                "    got = sorted({e.task for e in sim.trace.select('lock', 'acquire')})\n"
                "    require(got == ['[1]', 'grouped', 'odd', 'take-1', 'taker'], 'filed by the names given', str(got))\n"
                "explore(names, seeds=1)\n")
    solution = ("import asyncio\n"
                "async def take(lock):\n"
                "    async with lock:\n"
                "        await asyncio.sleep(0)\n"
                "async def f(lock):\n"
                "    await asyncio.create_task(take(lock), name='taker')\n"
                "    async with asyncio.TaskGroup() as group:\n"
                "        group.create_task(take(lock), name='grouped')\n"
                "        group.create_task(take(lock))\n"
                # Named with an object: filed under its str on every Python (3.13 keeps the object).
                "        group.create_task(take(lock), name=[1])\n"
                "        group.create_task(take(lock), name=Odd())\n"
                "class Odd:\n"
                "    def __str__(self):\n        return Str('odd')\n"
                "class Str(str):\n"
                "    def __hash__(self):\n        import random\n        return random.getrandbits(60)\n")
    assert _passes(solution, scenario)


def test_a_task_made_by_a_callback_is_the_work_of_the_task_that_scheduled_it():
    # From red-team pass 42: a P06 consumer whose getter task was made by a `loop.call_soon`
    # callback had no gets "working for" it, and its check was skipped (15/15 for 12/15).
    scenario = ("import asyncio\nfrom course.testing import explore, require\n"
                "async def family(sim):\n"
                "    lock = sim.lock('lock')\n"
                "    await sim.spawn(f(lock), name='caller')\n"
                "    await asyncio.sleep(0.1)\n"
                "    mine = sorted(e.task for e in sim.trace.select('lock', 'acquire', working_for='caller'))\n"
                "    require(mine == ['by-soon', 'by-threadsafe', 'by-timer', 'by-two-callbacks', 'direct'], "
                "'the caller did it', str(mine))\n"
                "    queue = sim.queue(3, 'queue')\n"
                "    for item in range(3):\n"
                "        queue.put_nowait(item)\n"
                "    await sim.spawn(g(queue), name='getter')\n"
                "    await asyncio.sleep(0.1)\n"
                "    got = sorted(e.detail for e in sim.trace.select('queue', 'get', working_for='getter'))\n"
                "    require(got == [0, 1, 2], 'the getter got them all', str(got))\n"
                "explore(family, seeds=1)\n")
    solution = ("import asyncio\n"
                "async def take(lock):\n"
                "    async with lock:\n"
                "        await asyncio.sleep(0)\n"
                "async def f(lock):\n"
                "    loop = asyncio.get_running_loop()\n"
                "    start = lambda name: loop.create_task(take(lock), name=name)\n"
                "    loop.call_soon(start, 'by-soon')\n"
                "    loop.call_later(0.01, start, 'by-timer')\n"
                "    loop.call_soon(loop.call_soon, start, 'by-two-callbacks')\n"
                "    loop.call_soon_threadsafe(start, 'by-threadsafe')\n"
                "    asyncio.Task(take(lock), loop=loop, name='direct')\n"
                # Work done in the callback itself (a get, not a task's) is the scheduler's too.
                "async def g(queue):\n"
                "    loop = asyncio.get_running_loop()\n"
                "    loop.call_soon(queue.get_nowait)\n"
                "    loop.call_later(0.01, queue.get_nowait)\n"
                "    loop.call_soon_threadsafe(queue.get_nowait)\n")
    assert _passes(solution, scenario)


def test_what_a_test_awaits_is_checked_against_the_loop():
    # From a third red-team pass: a solution resolved the future of a gather a test awaited
    # (forging its result), and raised a semaphore's initial_value so permits_out hid a permit
    # given back twice. (It also moved a test's timers in loop._timers, now the ledger's.)
    gathered = ("import asyncio\nfrom course.testing import explore, require\n"
                "async def both_fast(sim):\n"
                "    async def timed(i):\n        start = sim.now()\n        await f(i)\n        return sim.now() - start\n"
                "    took = await asyncio.gather(timed(0), timed(1))\n"
                "    require(max(took) == 0, 'f returns at once', str(took))\n"
                "explore(both_fast, seeds=1)\n")
    assert _passes("async def f(i):\n    pass\n", gathered)
    forger = ("import asyncio\n"
              "async def f(i):\n"
              "    await asyncio.sleep(0.5 + i / 10)\n"
              "    if i == 1:\n"
              "        scenario = next(t for t in asyncio.all_tasks() if t.get_name() == 'scenario')\n"
              "        asyncio.Future.set_result(scenario._fut_waiter, [0, 0])\n")
    assert not _passes(forger, gathered)

    permits = ("import asyncio\nfrom course.testing import explore, require\n"
               "async def all_back(sim):\n"
               "    semaphore = sim.semaphore(2, 'permits')\n"
               "    await f(semaphore)\n"
               "    require(semaphore.permits_out == 0, 'every permit is back, no more', str(semaphore.permits_out))\n"
               "explore(all_back, seeds=1)\n")
    assert _passes("async def f(semaphore):\n    async with semaphore:\n        pass\n", permits)
    assert not _passes("async def f(semaphore):\n    semaphore.release()\n"
                       "    semaphore.initial_value = semaphore._value\n", permits)


# Each kind of traced object the checks make: how a test makes it, what a solution does to it, the
# event that leaves (what a check looks for), and the name it is made with.
_NAMED = {
    "lock": ("sim.lock('thing')", "    await thing.acquire()\n    thing.release()\n", "acquire"),
    "semaphore": ("sim.semaphore(2, 'thing')", "    await thing.acquire()\n    thing.release()\n", "acquire"),
    "event": ("sim.event('thing')", "    thing.set()\n", "set"),
    "condition": ("sim.condition('thing')", "    async with thing:\n        thing.notify()\n", "notify"),
    "condition's lock": ("sim.condition('thing')", "    async with thing:\n        pass\n", "acquire"),
    "queue": ("sim.queue(2, 'thing')", "    thing.put_nowait(1)\n", "put"),
    "barrier": ("sim.barrier(1, 'thing')", "    await thing.wait()\n", "arrive"),
    "shared list": ("sim.shared_list([0], 'thing')", "    thing[0] = 1\n", "write"),
    "shared set": ("sim.shared_set((), 'thing')", "    thing.add(1)\n", "add"),
    "calls": ("sim.calls(asyncio.sleep, 'thing')", "    await thing(0)\n", "call"),
}


@pytest.mark.parametrize("kind", sorted(_NAMED))
def test_a_traced_objects_name_is_the_ledgers(kind):
    # From red-team pass 60: the test cells ask the ledger about an object by the name they read back
    # from it (`sim.trace.select(ready.name, "set")`, `f"{condition.name}.lock"`), and `name` was an
    # entry of its `__dict__` (of a slot, for a traced callable) that the solution rewrote after its
    # bug: the check asked about an object that never existed, found nothing wrong, and passed.
    made, act, event = _NAMED[kind]
    asked = "f'{thing.name}.lock'" if kind == "condition's lock" else "thing.name"
    scenario = ("import asyncio\nfrom course.testing import explore, require\n"
                "async def untouched(sim):\n"
                f"    thing = {made}\n"
                "    await f(thing)\n"
                f"    require(not sim.trace.count({asked}, {event!r}), 'left alone', {asked})\n"
                "explore(untouched, seeds=1)\n")
    assert _passes("async def f(thing):\n    pass\n", scenario)
    assert not _passes("async def f(thing):\n" + act, scenario)
    renames = "".join(f"    try:\n        {how}\n    except Exception:\n        pass\n" for how in (
        "vars(thing)['name'] = 'elsewhere'", "vars(thing)['_name'] = 'elsewhere'", "thing.name = 'elsewhere'",
        "object.__setattr__(thing, 'name', 'elsewhere')", "object.__setattr__(thing, '_name', 'elsewhere')"))
    assert not _passes("async def f(thing):\n" + act + renames, scenario)


def test_a_tracked_resources_id_and_number_are_the_factorys():
    # The same kind, for sim.resources(): p11_test_foreign makes a twin of a lent resource with
    # `factory(held[0].id)`, and `id` (and `number`) were slots of the resource the pool may rewrite
    # after lending it (route p11_renamed_resource_id): the twin carried an id that was never lent.
    scenario = ("import asyncio\nfrom course.testing import explore, require\n"
                "async def as_made(sim):\n"
                "    factory = sim.resources()\n"
                "    resource = factory(7)\n"
                "    await f(resource)\n"
                "    require((resource.id, resource.number) == (7, 0), 'as made', repr((resource.id, resource.number)))\n"
                "explore(as_made, seeds=1)\n")
    assert _passes("async def f(resource):\n    pass\n", scenario)
    renames = "".join(f"    try:\n        {how}\n    except Exception:\n        pass\n" for how in (
        "resource.id, resource.number = 8, 1", "vars(resource)['id'] = 8", "vars(resource)['number'] = 1",
        "object.__setattr__(resource, 'id', 8)", "object.__setattr__(resource, 'number', 1)"))
    assert _passes("async def f(resource):\n" + renames, scenario)


_ONE_WRITE = ("import asyncio\nfrom course.testing import explore, require\n"
              "async def writes_counted(sim):\n"
              "    counter = sim.shared_list([0], 'counter')\n"
              "    await f(counter)\n"
              "    require(sim.trace.count('counter', 'write') == 1, 'exactly one write', "
              "f\"{sim.trace.count('counter', 'write')} writes\")\n"
              "explore(writes_counted, seeds=2)\n")


@pytest.mark.parametrize("route", ["own-ledger", "nested-run", "thread", "keeper-busy"])
def test_what_a_solution_does_beside_the_runs_ledger_fails_the_check(route):
    """The ledger is the run's: a solution that drives code of its own through the runner's
    `drive` (with a ledger of its own), or acts from a thread it started (whose stack leads to
    no ledger), must not have what it did there go unseen; nor may a thread of its keep the ledger
    keeper busy (requests of any kind, sent in a loop: the run's own lookups, refused meanwhile,
    answered as outside a run, and a trace read its public record)."""
    honest = "import asyncio\nasync def f(counter):\n    counter[0] = 1\n    await asyncio.sleep(0.05)\n"
    hidden = {
        "own-ledger": ("import types, collections\nfrom course.testing._trace import drive\n"
                       "def sneak(counter):\n"
                       "    mine = types.SimpleNamespace(events=[], levels={}, peaks={}, forged=[], tests=frozenset(),\n"
                       "        objects={}, holders={}, resources={}, tracked={}, now=0.0, plan={},\n"
                       "        suspensions=collections.Counter(), tasks=[], loop=None, acting=None, finished=set(),\n"
                       "        names={}, changed=[], timers=[], steps=0, initial={}, cancel_when_done=[])\n"
                       "    drive(mine, lambda _: counter.__setitem__(0, 2), None)\n"),
        "nested-run": ("from course.testing import run\n"
                       "import asyncio\n"
                       "def sneak(counter):\n"
                       "    async def inner(sim):\n"
                       "        counter[0] = 2\n"
                       "    events = asyncio.events\n"
                       "    running = events._get_running_loop()\n"
                       "    events._set_running_loop(None)\n"
                       "    try:\n"
                       "        run(inner)\n"
                       "    except BaseException:\n"
                       "        pass\n"
                       "    events._set_running_loop(running)\n"),
        "thread": ("import threading\n"
                   "def sneak(counter):\n"
                   "    t = threading.Thread(target=counter.__setitem__, args=(0, 2))\n"
                   "    t.start()\n"
                   "    t.join()\n"),
        "keeper-busy": ("import threading\nfrom course.testing import _trace\n"
                        "def sneak(counter):\n"
                        "    t = threading.Thread(target=_trace._KEEPER.send, args=((0,),))\n"
                        "    t.start()\n"
                        "    t.join()\n"),
    }[route]
    cheat = hidden + ("import asyncio\nasync def f(counter):\n    counter[0] = 1\n"
                      "    try:\n        sneak(counter)\n    except Exception:\n        pass\n"
                      "    await asyncio.sleep(0.05)\n")
    assert not any(o["output_type"] == "error" for o in _outputs(_notebook(honest, _ONE_WRITE))["p01_test_0"])
    outputs = _outputs(_notebook(cheat, _ONE_WRITE))["p01_test_0"]
    assert any(o["output_type"] == "error" for o in outputs), _text(outputs)


def test_asyncio_own_code_on_the_checks_primitives_fails_the_run_even_when_undone_at_once():
    # From red-team passes 9 and 10: asyncio's own methods called on the checks' objects (a
    # lock released behind its back, an event pulsed with set() then clear() in one step, a
    # semaphore's `_value` replaced by an int that lies to the checks' arithmetic). Each traced
    # primitive keeps none of asyncio's state: the one it stands for is the ledger's.
    scenario = ("import asyncio\nfrom course.testing import explore, require\n"
                "async def used(sim):\n"
                "    objects = {'lock': sim.lock('l'), 'event': sim.event('e'), 'queue': sim.queue(1, 'q'),\n"
                "               'semaphore': sim.semaphore(1, 's'), 'barrier': sim.barrier(1, 'b'),\n"
                "               'condition': sim.condition('c')}\n"
                "    await touch(objects)\n"
                "    require(not objects['lock'].locked() and not objects['event'].is_set(), 'untouched', 'touched')\n")
    honest = "async def touch(objects):\n    objects['lock'].locked()\n"
    cheats = {
        "lock": "    await asyncio.Lock.acquire(o['lock'])\n    asyncio.Lock.release(o['lock'])\n",
        "event": "    asyncio.Event.set(o['event'])\n    asyncio.Event.clear(o['event'])\n",
        "queue": "    asyncio.Queue.put_nowait(o['queue'], 1)\n    asyncio.Queue.get_nowait(o['queue'])\n",
        "semaphore": "    o['semaphore']._value = o['semaphore']._value\n",
        "barrier": "    print(asyncio.Barrier.n_waiting.fget(o['barrier']))\n",
        "condition": "    async with o['condition']:\n        asyncio.Condition.notify(o['condition'])\n",
        "caught": "    try:\n        asyncio.Lock.locked(o['lock'])\n    except AttributeError:\n        pass\n",
    }
    outputs = _outputs(_notebook(honest, scenario + "explore(used, seeds=1)"))
    assert not any(o["output_type"] == "error" for o in outputs["p01_test_0"]), outputs
    for name, body in cheats.items():
        outputs = _outputs(_notebook("async def touch(o):\n" + body, scenario + "explore(used, seeds=1)"))
        errors = [o for o in outputs["p01_test_0"] if o["output_type"] == "error"]
        assert errors and "reached inside the checks' primitives" in errors[0]["evalue"], (name, outputs)


def test_every_honest_way_to_wait_in_a_traced_primitive_counts_as_its_tasks_own_wait():
    # A traced wait must be resumed by its task's own step (a coroutine stepped by hand is
    # not: red-team passes 9-11). Waits reached through an async generator, an `__await__`
    # written as a generator, wait_for, a task group, and waits ended by cancellation are all
    # the task's own.
    scenario = ("import asyncio\nfrom course.testing import explore, require\n"
                "async def waits(sim):\n"
                "    queue, lock, event = sim.queue(1, 'q'), sim.lock('l'), sim.event('e')\n"
                "    got = await use(sim, queue, lock, event)\n"
                "    require(got == [1, 2, 'late'], 'every wait ends as asyncio says', repr(got))\n")
    solution = ("import asyncio\n"
                "async def items(queue, n):\n"
                "    for _ in range(n):\n"
                "        yield await queue.get()\n"
                "class Acquired:\n"
                "    def __init__(self, lock):\n"
                "        self.lock = lock\n"
                "    def __await__(self):\n"
                "        return (yield from self.lock.acquire().__await__())\n"
                "async def use(sim, queue, lock, event):\n"
                "    async def feed():\n"
                "        for item in (1, 2):\n"
                "            await asyncio.sleep(0.01)\n"
                "            await queue.put(item)\n"
                "    feeder = asyncio.create_task(feed())\n"
                "    got = [item async for item in items(queue, 2)]\n"
                "    await feeder\n"
                "    await lock.acquire()\n"
                "    waiter = asyncio.ensure_future(Acquired(lock))\n"
                "    await asyncio.sleep(0.01)\n"
                "    lock.release()\n"
                "    await waiter\n"
                "    lock.release()\n"
                "    try:\n"
                "        await asyncio.wait_for(event.wait(), 0.01)\n"
                "    except TimeoutError:\n"
                "        pass\n"
                "    cancelled = asyncio.create_task(event.wait())\n"
                "    await asyncio.sleep(0.01)\n"
                "    cancelled.cancel()\n"
                "    async with asyncio.TaskGroup() as group:\n"
                "        late = group.create_task(event.wait())\n"
                "        await asyncio.sleep(0.01)\n"
                "        event.set()\n"
                "    return got + ['late' if late.result() else 'never']\n")
    outputs = _outputs(_notebook(solution, scenario + "explore(waits, seeds=3)"))
    assert not any(o["output_type"] == "error" for o in outputs["p01_test_0"]), outputs


# Red-team pass 38 (the harness's own helpers and its file names): `_primitives._mark()` handed
# whoever called it the run's ledger (a P01 solution rewrote its events: +2 points), and a
# function compiled under `_primitives.py`'s file name, with a public method's name, recorded
# events as a traced primitive's own.
_HELPERS_PROBE = """
import asyncio, itertools, types
import course.testing._loop as _loop
import course.testing._primitives as _primitives
import course.testing._resources as _resources
import course.testing._trace as _trace


async def f(lock, counter, factory):
    got = {}
    loop = asyncio.get_running_loop()
    probes = {
        "_primitives._mark()": lambda: _primitives._mark(None),
        "_primitives._signals(lock)": lambda: _primitives._signals(lock, None),
        "_primitives._held(counter)": lambda: _primitives._held(counter, "own", None),
        "_primitives._due_failure(counter)": lambda: _primitives._due_failure(counter, "read", None, None),
        "loop._plans()": lambda: loop._plans(None),
        "loop._clock_and_timers()": lambda: loop._clock_and_timers(None),
        "_resources._kept(factory)": lambda: _resources._kept(factory, None),
        "_resources._books_of(factory)": lambda: _resources._books_of(factory, None),
        "_trace.find_ledger(None)": lambda: _trace.find_ledger(None),
        "_trace.find_ledger_for(None, None)": lambda: _trace.find_ledger_for(None, None),
        "_trace.ask_ledger(0)": lambda: _trace.ask_ledger(0),
    }
    # Reached through C code from the loop's own step (no Python frame of the solution's between
    # the loop and the keeper: red-team pass 38 took the ledger so, with `map`).
    via_c = []
    loop.call_soon(via_c.extend, map(_trace.ask_ledger, [0, None]))
    loop.call_soon(via_c.extend, map(_trace.find_ledger, [0, None]))
    loop.call_soon(via_c.extend, itertools.starmap(_primitives._mark, [(None,)]))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    if any(type(part) is types.SimpleNamespace for answer in via_c
           for part in (answer if type(answer) is tuple else (answer,))):
        got["through C code from the loop"] = "the ledger"
    for name, probe in probes.items():
        try:
            answer = probe()
        except Exception as exc:
            answer = exc
        parts = answer if type(answer) is tuple else (answer,)
        if any(type(part) is types.SimpleNamespace for part in parts):
            got[name] = "the ledger"
        elif name == "_primitives._held(counter)" and answer != "own":
            got[name] = "the ledger's copy of the list"
        elif name.startswith("loop.") and type(answer) is tuple and not any(
                part is getattr(loop, attr, None) for part in parts
                for attr in ("_cancel_plan", "_suspensions", "_awaiting", "_timers")) and answer[1:2] != (loop._now,):
            got[name] = "the ledger's tables"
        elif name == "_resources._books_of(factory)" and answer is not object.__getattribute__(factory, "_books"):
            got[name] = "the ledger's books"
    return got
"""


def test_the_harness_hands_its_ledger_to_no_code_of_a_solution():
    scenario = ("import asyncio\nfrom course.testing import explore, require\n"
                "async def probed(sim):\n"
                "    lock, counter, factory = sim.lock('lock'), sim.shared_list([0], 'counter'), sim.resources()\n"
                "    async with lock:\n        counter[0] = 1\n"
                "    got = await f(lock, counter, factory)\n"
                "    require(not got, 'no helper of the harness hands its ledger to a solution', str(got))\n"
                "explore(probed, seeds=1)\n")
    outputs = _outputs(_notebook(_HELPERS_PROBE, scenario))["p01_test_0"]
    assert not any(o["output_type"] == "error" for o in outputs), outputs


def test_code_compiled_under_a_harness_file_name_is_a_solutions():
    forged = ("import course.testing._primitives as _primitives\nimport course.testing._trace as _trace\n"
              "_claims = {'_emit': _trace.emit}\n"
              "exec(compile(\"def acquire(lock):\\n    _emit(lock, 'acquire')\\n\", _primitives.__file__, 'exec'), _claims)\n"
              "async def f(lock):\n    _claims['acquire'](lock)\n")
    scenario = ("import asyncio\nfrom course.testing import explore, require\n"
                "async def holds(sim):\n"
                "    lock = sim.lock('lock')\n"
                "    await f(lock)\n"
                "    require(sim.trace.count('lock', 'acquire') == 1, 'one acquire recorded', '')\n"
                "explore(holds, seeds=1)\n")
    outputs = _outputs(_notebook(forged, scenario))["p01_test_0"]
    assert any(o["output_type"] == "error" and "acquire" in o.get("evalue", "") and "recorded through" in o.get("evalue", "")
               for o in outputs), outputs


def test_the_harness_code_cannot_be_made_into_another_function():
    copier = ("import types\nimport course.testing._primitives as _primitives\n"
              "async def f():\n"
              "    try:\n"
              "        types.FunctionType(_primitives._mark.__code__, {}, 'm', (None, lambda: None))\n"
              "    except RuntimeError:\n        return 'refused'\n"
              "    return 'made'\n")
    scenario = ("import asyncio\nfrom course.testing import explore, require\n"
                "async def copied(sim):\n"
                "    got = await f()\n"
                "    require(got == 'refused', 'a copy of the harness code is refused', got)\n"
                "explore(copied, seeds=1)\n")
    assert _passes(copier, scenario)


def test_the_harness_or_test_code_cannot_be_given_to_another_function():
    """`fn.__code__ = <the harness's code>` (or a test function's, reached through a coroutine's
    `cr_code`) would run it with fn's globals: refused like making a function of it (pass 39)."""
    giver = ("import course.testing._trace as _trace\n"
             "def _mine():\n    pass\n"
             "async def f(test_code):\n"
             "    answers = []\n"
             "    for code in (_trace.emit.__code__, test_code):\n"
             "        try:\n"
             "            _mine.__code__ = code\n"
             "        except RuntimeError:\n            answers.append('refused')\n"
             "        else:\n            answers.append('given')\n"
             "    return answers\n")
    scenario = ("import asyncio\nfrom course.testing import explore, require\n"
                "def helper():\n    pass\n"
                "async def given(sim):\n"
                "    got = await f(helper.__code__)\n"
                "    require(got == ['refused', 'refused'], 'the code of the checks is refused', repr(got))\n"
                "explore(given, seeds=1)\n")
    assert _passes(giver, scenario)


def test_only_a_tests_own_statement_may_give_a_function_test_code():
    """A test may swap a function's code itself (P07 swaps the given `do_work`); a solution's C code
    stepped from the test's frame (`map(setattr, ...)` inside an awaitable the test awaits) sets it on
    the solution's behalf: refused (red-team pass 40)."""
    giver = ("import functools, itertools\n"
             "def _mine():\n    pass\n"
             "class _Armed:\n"
             "    def __init__(self, code):\n"
             "        self.steps = map(setattr, [_mine], ['__code__'], [code])\n"
             "        self.__await__ = functools.partial(iter, itertools.chain(self.steps, ()))\n"
             "class _Awaitable:\n"
             "    def __init__(self, code):\n        self.code = code\n"
             "    def __await__(self):\n"
             "        return iter(itertools.chain(map(setattr, [_mine], ['__code__'], [self.code]), ()))\n"
             "def f(test_code):\n    return _Awaitable(test_code)\n"
             "def mine():\n    return _mine\n")
    scenario = ("import asyncio\nfrom course.testing import explore, require\n"
                "def helper():\n    pass\n"
                "async def given(sim):\n"
                "    own = mine()\n"
                "    own.__code__ = helper.__code__  # the test's own statement: allowed\n"
                "    require(own.__code__ is helper.__code__, 'a test may swap code itself', 'refused')\n"
                "    try:\n"
                "        await f(given.__code__)\n"
                "    except RuntimeError as exc:\n"
                "        got = str(exc)\n"
                "    else:\n"
                "        got = 'given'\n"
                "    require('cannot be given' in got, 'C code a solution steps from a test is refused', got)\n"
                "explore(given, seeds=1)\n")
    assert _passes(giver, scenario)


@pytest.mark.parametrize("attack", ["close()", "throw(ValueError())"])
def test_a_run_whose_ledger_keeper_is_closed_or_thrown_into_fails(attack):
    closer = ("import course.testing._trace as _trace\n"
              "async def f():\n"
              f"    try:\n        _trace._KEEPER.{attack}\n    except BaseException:\n        pass\n")
    scenario = ("import asyncio\nfrom course.testing import explore, require\n"
                "async def kept(sim):\n    await f()\n"
                "explore(kept, seeds=2)\n")
    assert _passes("async def f():\n    pass\n", scenario)
    outputs = _outputs(_notebook(closer, scenario))["p01_test_0"]
    assert any(o["output_type"] == "error" and "ledger keeper" in o.get("evalue", "") for o in outputs), outputs


def test_a_task_whose_class_lies_about_its_hash_and_equality_is_filed_as_itself():
    # From red-team pass 43: the run's tables of tasks (names, makers, ends, holders, cancel plans)
    # were dicts keyed by the tasks themselves, so a dict asked the task's class for its hash and
    # ==: a Task subclass answering as another task was filed as that task (its lock taken under
    # the bystander's name and not as the caller's work; the bystander "ended" when it did).
    scenario = ("import asyncio\nfrom course.testing import explore, require\n"
                "async def liars(sim):\n"
                "    lock = sim.lock('lock')\n"
                "    bystander = sim.spawn(asyncio.sleep(5), name='bystander')\n"
                "    await sim.spawn(f(lock, bystander), name='caller')\n"
                "    names = sorted(e.task for e in sim.trace.select('lock', 'acquire'))\n"
                "    require(names == ['liar', 'named'], 'each task under its own name', str(names))\n"
                "    mine = sorted(e.task for e in sim.trace.select('lock', 'acquire', working_for='caller'))\n"
                "    require(mine == ['liar', 'named'], 'the caller made them', str(mine))\n"
                "    require(sim.ended_at(bystander) is None, 'the bystander still runs', str(sim.ended_at(bystander)))\n"
                "    bystander.cancel()\n"
                "explore(liars, seeds=1)\n")
    solution = ("import asyncio\n"
                "class Liar(asyncio.Task):\n"
                "    like = None\n"
                "    def __hash__(self):\n"
                "        return hash(Liar.like)\n"
                "    def __eq__(self, other):\n"
                "        return True\n"
                "    def get_name(self):\n"
                "        return 'bystander'\n"
                "class Named:\n"
                "    def __str__(self):\n"
                "        return 'named'\n"
                "async def take(lock):\n"
                "    async with lock:\n"
                "        await asyncio.sleep(0)\n"
                "async def f(lock, bystander):\n"
                "    Liar.like = bystander\n"
                "    loop = asyncio.get_running_loop()\n"
                "    await Liar(take(lock), loop=loop, name='liar')\n"
                "    await Liar(take(lock), loop=loop, name=Named())\n")
    assert _passes(solution, scenario)


def _spinning(marker: Path) -> nbformat.NotebookNode:
    """A problem whose solution cell notes its process id in `marker`, then spins for good."""
    return _notebook(f"import os\nopen({str(marker)!r}, 'w').write(str(os.getpid()))\nwhile True:\n    pass",
                     "print('never reached')")


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].startswith("Z")  # exited, not yet reaped


def _wait_for(condition, what: str, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, f"{what}: not within {limit:g} s"
        time.sleep(0.05)


def test_dropped_checks_are_killed_when_running_and_never_start_when_queued(tmp_path):
    # The sandbox is off so that the processes can leave a mark where this test sees it; the
    # time bound is far beyond the test's waits, so only dropping can end the spinning process.
    sandbox = Sandbox(enabled=False, problem_timeout=600.0)
    first, second = tmp_path / "first.pid", tmp_path / "second.pid"
    checks = ProblemChecks({}, sandbox, workers=1)
    try:
        checks.start("spinning", split_problems(_spinning(first))["p01"])
        checks.start("queued", split_problems(_spinning(second))["p01"])
        _wait_for(first.exists, "the first check started")
        _wait_for(lambda: first.read_text().isdigit(), "the first check noted its pid")
        pid = int(first.read_text())
        checks.drop("queued")
        checks.drop("spinning")
        _wait_for(lambda: _gone(pid), "the dropped check's process was killed")
        # A key dropped can be used again: what dropping it did is not held against the new run.
        checks.start("spinning", split_problems(_notebook("def f():\n    return 1", "print(f())"))["p01"])
        again = checks.result("spinning")
        assert again.ended == "done" and again.outputs["p01_test_0"][0]["text"] == "1\n", again
    finally:
        checks.close()
    assert not second.exists(), "a check dropped while queued must never start"


def test_closing_drops_checks_still_running(tmp_path):
    sandbox = Sandbox(enabled=False, problem_timeout=600.0)
    marker = tmp_path / "spinning.pid"
    checks = ProblemChecks({"p01": split_problems(_spinning(marker))["p01"]}, sandbox, workers=1)
    _wait_for(lambda: marker.exists() and marker.read_text().isdigit(), "the check started")
    closing = threading.Thread(target=checks.close, daemon=True)
    closing.start()
    closing.join(timeout=60)
    assert not closing.is_alive(), "close() waited for a check that spins until its 600 s bound"
    assert _gone(int(marker.read_text()))


def test_dropping_a_check_that_just_ended_never_kills_the_next_job_on_its_server(monkeypatch):
    """A check server goes back to its pool when a job ends, before the job's run returns: a
    drop landing then (the lookahead dropping a check it no longer needs) must not kill the
    server, which may already run another problem's, or another student's, job. The window
    is widened here by holding the releasing worker just after it gave the server back, as a
    descheduled thread would be (red-team pass 44 found it)."""
    sandbox = Sandbox(problem_timeout=60.0)
    servers = CheckServers(sandbox, 1, _boot_paths())  # one server, which both jobs must share
    released, go_on = threading.Event(), threading.Event()
    release = CheckServers.release

    def release_then_wait(self, server):
        release(self, server)
        if threading.current_thread().name.startswith("early"):
            released.set()
            go_on.wait(timeout=60)

    monkeypatch.setattr(CheckServers, "release", release_then_wait)
    early = ProblemChecks({}, sandbox, workers=1, fork_server=servers)
    later = ProblemChecks({}, sandbox, workers=1, fork_server=servers)
    try:
        early._pool._thread_name_prefix = "early"
        early.start("ended", split_problems(_notebook("def f():\n    return 1", "print(f())"))["p01"])
        _wait_for(released.is_set, "the first job gave its server back")
        # (its first check sleeps 2 s of real time: still running when the drop lands)
        later.start("next", split_problems(_notebook("def f():\n    return 2", "import time\ntime.sleep(2)\nprint(f())",
                                                     "print(f() + 1)"))["p01"])
        server = next(iter(servers._all))
        _wait_for(lambda: server.jobs >= 2, "the next job began on the same server")
        early.drop("ended")
        go_on.set()
        result = later.result("next")
        assert result.ended == "done", result
        assert [o[0]["text"] for o in result.outputs.values()] == ["2\n", "3\n"]
    finally:
        go_on.set()
        early.close()
        later.close()
        servers.close()


def test_a_check_process_gives_a_solution_cell_the_builtins_ipython_gives_a_kernels():
    """Red-team pass 103 (fairness): a correct cell calling `display(...)` without an import (a kernel's
    builtin) raised NameError in a check process, and nothing after that line was defined: 0 points."""
    solution = "display('a note')\nKERNEL = __IPYTHON__\ndef f():\n    return 1"
    assert _text(_outputs(_notebook(solution, "print(f(), KERNEL)"))["p01_test_0"]).strip() == "1 True"


def test_a_name_a_solution_cell_never_bound_in_the_check_process_says_where_the_cell_stopped():
    """A solution cell that raises as the check process runs it (where a kernel may not have: pass 103's
    `display`) leaves every name after that line undefined: the tests say where and why, not only "run
    the solution cell", which the student did."""
    solution = "import asyncio\nratio = 1 / 0\nasync def increment(counter, lock):\n    pass"
    outputs = _outputs(_notebook(solution, "from course.testing import defined\ndefined('increment')", "increment"))
    for cell in ("p01_test_0", "p01_test_1"):
        text = _text(outputs[cell])
        assert ("`increment` is not defined: when the checks ran your cells, line 2 of cell `p01_solution` raised "
                "ZeroDivisionError: division by zero, so nothing after it was defined there.") in text, text
