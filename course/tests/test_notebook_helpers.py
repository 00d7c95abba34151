"""course.notebook: demo stories on the virtual clock (on_virtual_time), and time_limit's note for a placeholder."""

from __future__ import annotations

import ast
import asyncio
import textwrap
import time

import pytest

from course.notebook import on_virtual_time
from course.testing import Deadlock


def test_story_runs_on_virtual_time_and_returns_its_result():
    async def story(sim):
        await asyncio.sleep(60)
        seen = [round(sim.now(), 6), round(time.monotonic(), 6)]
        await asyncio.sleep(0.25)
        return seen + [round(asyncio.get_running_loop().time(), 6)]

    async def demo():
        return await on_virtual_time(story)

    assert asyncio.run(demo()) == [60.0, 60.0, 60.25]


def test_a_deadlocked_story_fails_with_a_diagnosis():
    async def story(sim):
        lock = sim.lock("gate")
        await lock.acquire()
        await lock.acquire()

    async def demo():
        await on_virtual_time(story)

    with pytest.raises(Deadlock, match="gate"):
        asyncio.run(demo())


def test_what_a_story_prints_is_shown_after_it_with_exact_times(capsys):
    async def story(sim):
        print(f"t={sim.now():.3f} opened")
        await asyncio.sleep(0.3)
        print(f"t={time.monotonic():.3f} expired")
        return "done"

    async def demo():
        result = await on_virtual_time(story)
        print("after the story")
        return result

    assert asyncio.run(demo()) == "done"
    assert capsys.readouterr().out == "t=0.000 opened\nt=0.300 expired\nafter the story\n"


def test_a_failing_story_shows_what_it_printed_in_the_failure(capsys):
    async def story(sim):
        print("before the deadlock")
        await asyncio.Event().wait()

    async def demo():
        await on_virtual_time(story)

    with pytest.raises(Deadlock, match="before the deadlock"):
        asyncio.run(demo())
    assert capsys.readouterr().out == ""


def test_a_placeholder_in_a_demo_is_a_short_note_as_the_checks_give_it():
    """time_limit: an unsolved problem's NotImplementedError reads like the checks' note, with
    advice, and renders without a traceback (the demo cell is tagged raises-exception)."""
    from course.notebook import time_limit
    from course.testing import SolutionError

    async def increment():
        raise NotImplementedError()

    async def demo():
        async with time_limit(5):
            await increment()

    with pytest.raises(SolutionError) as caught:
        asyncio.run(demo())
    text = str(caught.value)
    assert "NotImplementedError (in increment()" in text and "still raises the placeholder's NotImplementedError" in text
    assert "its last run failed" in text and "still holds" not in text
    # No traceback: the rendering starts with the note's own first line (wrapped between words).
    first = caught.value._render_traceback_()[0]
    assert caught.value.__cause__ is None and first.startswith("\x1b[0;31mYour code raised an exception: "
                                                               "NotImplementedError (in increment()")


def test_a_demo_on_the_virtual_clock_says_what_ran_not_what_was_checked():
    # A new student's P05 placeholder in the demo read "What was checked: Ten requests arrive at once...":
    # a demo checks nothing.
    class TokenBucket:
        async def acquire(self):
            raise NotImplementedError()

    async def burst(sim):
        """Ten requests arrive at once at a bucket of 5 tokens."""
        await TokenBucket().acquire()

    with pytest.raises(AssertionError) as caught:
        asyncio.run(on_virtual_time(burst))
    text = str(caught.value)
    assert "What ran: Ten requests arrive at once" in text and "What was checked" not in text


def test_other_exceptions_of_a_demo_keep_their_traceback():
    from course.notebook import time_limit

    async def demo():
        async with time_limit(5):
            raise KeyError("mine")

    with pytest.raises(KeyError):
        asyncio.run(demo())



def test_a_demo_that_waits_forever_says_where_its_tasks_wait():
    """A new student's P03 worker that clears the event before waiting, or P07's that forgets
    abort(), got only "Some task is waiting for something that never happens": the note now
    names each of the demo's tasks and what it waits on (looked at just before the deadline,
    which cancels them)."""
    from course.notebook import DemoTimeout, time_limit

    async def worker(ready):
        ready.clear()
        await ready.wait()

    async def demo():
        ready = asyncio.Event()
        ready.set()
        async with time_limit(0.3):
            await asyncio.gather(*(asyncio.create_task(worker(ready), name=f"worker-{i}") for i in range(2)))

    with pytest.raises(DemoTimeout) as caught:
        asyncio.run(demo())
    text = str(caught.value)
    assert "did not finish within 0.3 s" in text and "Waiting when the time was up:" in text, text
    for name in ("worker-0", "worker-1"):
        assert f"task '{name}' waits in Event.wait() on Event `ready` (not set), in worker() line" in text, text

# --- a visible check's success line names what the hidden tests still check ---------------
import json  # noqa: E402
import re  # noqa: E402
from pathlib import Path  # noqa: E402

from course.notebook import HIDDEN_TESTS, passed, visible_success  # noqa: E402

SOURCE = Path(__file__).resolve().parents[2] / "source" / "async_patterns"
RELEASE = SOURCE.parents[1] / "release" / "async_patterns"


def _cells(folder: Path):
    for path in sorted(folder.glob("*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
            yield grade_id, "".join(cell["source"])


def test_the_hidden_tests_table_agrees_with_source():
    found: dict[str, list[tuple[int, str]]] = {}
    for grade_id, source in _cells(SOURCE):
        if "### BEGIN HIDDEN TESTS" in source:
            first = source.splitlines()[0]
            match = re.fullmatch(r"# Hidden test \((\d+) points?\): (.+)", first)
            assert match, f"{grade_id}: a hidden test's first line says what it checks, not {first!r}"
            found.setdefault(grade_id[:3].upper(), []).append((int(match[1]), match[2]))
    assert {problem: list(rows) for problem, rows in HIDDEN_TESTS.items()} == found


def test_hidden_tests_tell_types_by_the_real_type_only():
    # `isinstance` also believes an object's `__class__` (a property of a solution's class can
    # claim asyncio.CancelledError): hidden tests ask course.testing.instance_of instead.
    for grade_id, source in _cells(SOURCE):
        if "### BEGIN HIDDEN TESTS" not in source:
            continue
        hidden = source.split("### BEGIN HIDDEN TESTS", 1)[1].split("### END HIDDEN TESTS", 1)[0]
        calls = [node.lineno for node in ast.walk(ast.parse(textwrap.dedent(hidden)))
                 if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "isinstance"]
        assert not calls, f"{grade_id}: isinstance() on lines {calls} of its hidden tests: use instance_of()"


def test_every_visible_check_says_the_hidden_tests_check_more():
    for folder in (SOURCE, RELEASE):
        visible = {grade_id[:3].upper(): source for grade_id, source in _cells(folder)
                   if grade_id.endswith("_test_visible")}
        assert sorted(visible) == [f"P{k:02d}" for k in range(1, 12)]
        for problem, source in visible.items():
            assert f'problem="{problem}")' in source, f"{folder.name}: {problem}'s visible check"
            assert "visible checks:" not in source


def test_the_success_line_is_honest(capsys):
    passed("one consumer took a, b, c in order as they arrived", problem="P04")
    shown = capsys.readouterr().out
    assert shown.startswith("✔ P04: the visible checks pass (one consumer took a, b, c in order as they arrived).")
    assert "The hidden tests (13 points) also check:" in shown
    assert "  - nothing is ever taken from an empty deque, even after a stolen wake-up." in shown
    text, markup = visible_success("P02", "6 calls ran 2 at a time and took 30 ms")
    assert "a call that raises gives its permit back." in text and "<li>" in markup
    passed("plain")
    assert capsys.readouterr().out == "✔ plain\n"


def test_importing_the_helpers_loads_no_ipython():
    # A check process imports course.notebook for every problem: the advice handler is
    # installed only where IPython already runs (a kernel), never by loading it.
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", "import sys, course.notebook; print('IPython' in sys.modules)"],
                         capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_each_intro_says_which_demos_run_on_the_virtual_clock_and_no_more():
    """A notebook's intro ("Checking your work") says which demos run on the checks' virtual clock
    (`on_virtual_time`): every one of them by name, none that does not (a demo on the notebook's
    own loop runs in real time), and "the demos of this tier" only if all of them do."""
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "source" / "async_patterns"
    for path in sorted(folder.glob("*.ipynb")):
        cells = json.loads(path.read_text())["cells"]
        intro = next("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        para = " ".join(next((p for p in intro.split("\n\n") if "Checking your work" in p), "").split())
        demos = {c["metadata"]["nbgrader"]["grade_id"][:3].upper(): "on_virtual_time" in "".join(c["source"])
                 for c in cells if c.get("metadata", {}).get("nbgrader", {}).get("grade_id", "").endswith("_demo")}
        if "virtual clock" not in para:
            assert not any(demos.values()), (path.name, demos)
            continue
        virtual = {p for p, on in demos.items() if on}
        assert virtual <= set(re.findall(r"P\d\d", para)), (path.name, virtual, para)
        if "demos of this tier" in para.lower():
            assert all(demos.values()), (path.name, demos, para)
        for problem in (p for p, on in demos.items() if not on and p in para):
            assert re.search(rf"{problem}'s demo [^.]*real time", para), (path.name, problem, para)
