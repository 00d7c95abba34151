"""What a failed check raises, and how it reads in a notebook.

Every failure is an `AssertionError` (so nbgrader and pytest treat it as a
failed test) that carries three things a student needs: what was checked,
what was seen, and how to replay it (the seed). In IPython the traceback is
replaced by that message alone (`_render_traceback_`), so a hidden test
never shows its code, and a student never wades through harness frames.
"""

from __future__ import annotations


class CheckFailed(AssertionError):
    """A check of student code failed. Base class of every harness failure."""

    #: Short title shown first, e.g. "Deadlock" or "Invariant broken".
    title = "Check failed"
    #: Whether replaying the schedule draws the failure (the "Draw this schedule" line is
    #: shown only then): not for code that never yields (the replay would only be stopped
    #: again) or an error before anything ran concurrently (a missing name, a placeholder).
    drawable = True
    #: How the scenario's docstring is introduced: a demo (`course.notebook.on_virtual_time`) shows
    #: what a scenario does and checks nothing, so its failure says "What ran" instead.
    checked_label = "What was checked"

    def __init__(self, seen: str, *, checked: str | None = None, seed: int | None = None,
                 replay: str | None = None, output: str = "") -> None:
        self.seen = seen
        self.checked = checked
        self.seed = seed
        self.replay = replay
        self.output = output
        AssertionError.__init__(self, seen)  # (not super(): see _guard's note on closure cells)

    def annotate(self, *, checked: str | None, seed: int | None, replay: str | None) -> "CheckFailed":
        """Fill in the context known only to the runner (kept if already set)."""
        self.checked = self.checked or checked
        if self.seed is None:
            self.seed = seed
        self.replay = self.replay or replay
        return self

    def __str__(self) -> str:
        lines = [f"{self.title}: {self.seen}"]
        if self.checked:
            lines.append(f"{self.checked_label}: {self.checked}")
        if self.seed is not None:
            lines.append(f"Schedule seed: {self.seed}" + (f"  (replay: {self.replay})" if self.replay else ""))
        if self.replay and self.replay.startswith("run(") and self.drawable:
            # The same call, drawn: course.visuals.replay takes run()'s arguments.
            lines.append(f"Draw this schedule: from course.visuals import replay; replay{self.replay[3:]}")
        if self.output.strip():
            shown = self.output.strip().splitlines()[-8:]
            lines.append("Your code printed (last lines):")
            lines.extend("    " + line for line in shown)
        return "\n".join(lines)

    def _render_traceback_(self) -> list[str]:
        # IPython calls this instead of formatting a traceback: the message is
        # the whole story, and hidden test code stays out of the feedback.
        red, reset = "\x1b[0;31m", "\x1b[0m"
        head, *rest = str(self).splitlines()
        # Wrapped here, between words: a notebook's output area breaks a long line of an
        # error anywhere, in the middle of a word.
        return [*(f"{red}{line}{reset}" for line in _wrap(head)), *(line for text in rest for line in _wrap(text))]


#: Widest line of a failure as shown in a notebook (narrower than an output area).
WRAP_AT = 100


def _wrap(line: str) -> list[str]:
    """`line` cut between words into lines of at most WRAP_AT characters (a word longer
    than that stays whole); continuation lines keep the line's indent, plus two spaces."""
    if len(line) <= WRAP_AT:
        return [line]
    indent = line[:len(line) - len(line.lstrip())]
    first, *words = line[len(indent):].split(" ")
    out, current = [], indent + first
    for word in words:
        if current.strip() and len(current) + 1 + len(word) > WRAP_AT:
            out.append(current)
            current = indent + "  " + word
        else:
            current = f"{current} {word}"
    out.append(current)
    return out


class InvariantBroken(CheckFailed):
    """A property of the pattern did not hold (raised by `require`)."""

    title = "Invariant broken"

    def __init__(self, invariant: str, seen: str, **kw) -> None:
        self.invariant = invariant
        CheckFailed.__init__(self, f"{invariant} — but {seen}", **kw)


class Deadlock(CheckFailed):
    """No task could run, no timer was pending, and the scenario was unfinished."""

    title = "Deadlock"


class NeverYields(CheckFailed):
    """Student code held the thread without ever returning to the event loop."""

    title = "Never yields"
    drawable = False


class TooManySteps(CheckFailed):
    """The scenario kept running without finishing (a loop that only awaits sleep(0))."""

    title = "Does not finish"


class Livelock(TooManySteps):
    """Tasks kept waking each other at one virtual instant: time never moved on."""

    title = "Livelock"


class VirtualTimeExceeded(CheckFailed):
    """The scenario was still running after its virtual-time budget."""

    title = "Too slow"


class WaitsOutsideTheLoop(CheckFailed):
    """In a check process, virtual time was to move on while a thread or a signal handler of
    the solution's could wake a task from outside the event loop (a deadline on a real clock)."""

    title = "Waits outside the event loop"


class SolutionError(CheckFailed):
    """Student code raised an exception the scenario did not expect."""

    title = "Your code raised an exception"


class BlockingCall(CheckFailed):
    """Student code called a blocking function (time.sleep) inside async code."""

    title = "Blocking call"


class Untidy(CheckFailed):
    """The scenario finished but left something behind: running tasks,
    never-awaited coroutines, exceptions nobody retrieved."""

    title = "Left something behind"


def require(condition: object, invariant: object, seen: object = "it did not hold",
            _str=str, _callable=callable) -> None:
    """Fail the check with `invariant` and what was `seen` unless `condition` holds.

    `invariant` states the property ("at most 2 tasks hold the semaphore at
    once"); `seen` says what happened instead ("3 held it at t=0.010 s").

    Either may be a function of no arguments that returns the text: it is called only when
    the check fails. A message that quotes what a solution handed back (its `repr`, its
    `==`, a `sorted()` of its objects) runs the solution's code as it is built; built
    before `require` decides (an f-string argument), that code would run before the verdict
    and could change what the verdict reads (route `p04_repr_reorders`: a `__repr__` that
    put a consumer's items back in order). The hidden tests pass every message that is not
    a constant so (`lambda: f"..."`), and `grader_tests/test_notebook_format.py` holds them
    to it.
    """
    if not condition:
        if _callable(invariant):
            invariant = invariant()
        if _callable(seen):
            seen = seen()
        raise InvariantBroken(_str(invariant), _str(seen))
