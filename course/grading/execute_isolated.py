"""Preprocessor: run a submission isolated, so its code can cost only its own problems.

Trusted side: runs in nbgrader's process, in place of nbgrader's `Execute`
(set in nbgrader_config.py). Student code runs only in sandboxed processes
(`course.grading.sandbox`).

- **Test cells** (graded cells that are not solutions) never run in the
  notebook's kernel. Each problem's test cells run in a check process of
  their own (`course.grading.problem_checks`), started when the notebook
  is, beside the kernel (those of a submission's later notebooks already
  while its first notebook is graded: `course.grading.lookahead`); their
  reported outputs are written into the graded notebook, so nbgrader
  scores them as it always does (an error output, or text on stderr,
  scores 0). Hidden tests are never sent to the kernel, so they are never
  in its input history either.
- **The summary cell** (`course.progress`, the notebook's last) is not run: its output
  is the grader's own verdicts, test cell by test cell, as nbgrader scores them.
- **Every other code cell** (setup, given, solution, demo, experiment) runs
  in the notebook's kernel, itself sandboxed, as the student ran it. Such
  cells carry no points. A cell that outlives `Execute.timeout` gets its
  kernel killed from outside (an interrupt would not stop code that turned
  signals off, and it kills a kernel stuck in top-level `await` anyway);
  a kernel that dies, for whatever reason, is started again, the setup,
  given and solution cells that ran before are run again (not the one that
  killed it), and the notebook goes on. The cell where it happened says so.
  After `max_restarts` restarts, the remaining kernel cells are not run
  and say why; test cells are graded all the same. All replays of a
  notebook share `max_replay_seconds` (30 s): a solution cell slow only in
  the kernel was replayed after every restart (330 s for one notebook in
  red-team pass 56); past them the remaining kernel cells are not run
  either, and say why. So a notebook's kernel takes at most its kernel
  cells x `Execute.timeout`, plus that budget, plus ~1 s per restart.
- **Whatever a kernel sends, the notebook stays valid.** nbclient stores
  what kernel messages say unchecked: a message it cannot take (a stream
  without its text, an update of a display id noted by a replay whose
  outputs were put back) is dropped and the cell says so; anything else
  raised while a kernel cell runs is taken as a dead kernel; and before
  the notebook leaves, each code cell's execution count is an int or None
  and an output nbformat v4 refuses is replaced by a note (a string
  execution count made nbconvert refuse the notebook, and nbgrader drop
  the student's whole assignment: red-team pass 56).
- **What a kernel cell shows is capped** (`max_cell_output_bytes`,
  `max_cell_outputs`): nbclient keeps every output message a cell sends, so
  a solution printing gigabytes would fill nbgrader's memory (the whole
  class's run) and the graded notebook. Past the cap, the cell's further
  outputs (and widget messages) are dropped as they arrive, and a last line
  says how much was.

Nothing a submission does raises out of this preprocessor, so nbgrader
never drops a notebook because of student code.
"""

from __future__ import annotations

import copy
import json
import math
import time
import typing as t

import nbformat
from nbclient.exceptions import CellControlSignal, CellTimeoutError, DeadKernelError
from nbclient.util import run_sync
from nbconvert.preprocessors.execute import NotebookClient
from nbformat import validator
from nbformat.notebooknode import NotebookNode
from traitlets import Bool, Float, Integer

from .execute_promptly import ExecutePromptly
from .failures import problem_of
from .lookahead import NotebookChecks, notebook_checks
from .problem_checks import error_output, grade_id, outputs_for, role_of, split_problems
from .sandbox import NOT_FAIR, NOT_ISOLATED, Sandbox
from .sandboxed_kernel import SandboxedKernelManager
from .summary import graders_summary

#: IOPub messages that show something (or change widget state, which is saved with the notebook).
_SHOWN = frozenset({"stream", "display_data", "execute_result", "error", "update_display_data",
                    "comm_open", "comm_msg"})


def _shown_bytes(msg: dict[str, t.Any]) -> int:
    """How many bytes an output message adds to what nbclient keeps: its whole content
    (metadata included: it is stored with the output) and its binary buffers (a widget's)."""
    try:
        size = len(json.dumps(msg.get("content"), default=str))
    except (TypeError, ValueError):  # a content JSON cannot hold: counted as large, to be dropped
        size = 1 << 40
    return size + sum(len(buffer) for buffer in msg.get("buffers") or ())


#: Id of the markdown cell put first in a notebook graded without the sandbox, or without its
#: cgroups: it says so.
GRADING_NOTES_CELL_ID = "grading-notes"


class ExecuteIsolated(ExecutePromptly):
    """nbgrader's Execute, with a sandboxed kernel and a sandboxed check process per problem."""

    interrupt_on_timeout = Bool(
        False, help="Kill (never interrupt) a kernel whose cell outlives the timeout; it is then restarted."
    ).tag(config=True)

    check_workers = Integer(
        2, help="Problem check processes run at once, beside the notebook's kernel (with check_server, "
                "the check servers kept for the run). 2 (measured on a 2-core machine, benchmarks/grading.py): "
                "with check servers and the lookahead a full reference submission grades in 1.48x to 1.55x "
                "plain nbgrader's floor (2026-12-02), against 1.7x to 1.9x with 1 (measured earlier), whose checks of a notebook "
                "then run one after another and outlast its kernel; the CPU a submission costs is the "
                "same either way.",
    ).tag(config=True)

    check_server = Bool(
        True, help="Fork each problem's check process from a check server (course.grading.check_server: "
                   "a long-lived sandbox that has loaded the checks once, cleaned between jobs) instead of "
                   "starting a sandboxed interpreter per problem.",
    ).tag(config=True)

    lookahead = Bool(
        True, help="While a submission's first notebook is graded, forecast its later notebooks and queue "
                   "their checks behind the first one's (course.grading.lookahead); a check whose cells "
                   "nbgrader's own pass then gives unchanged is not run again. Grades are the same either way.",
    ).tag(config=True)

    max_restarts = Integer(
        5, help="Kernel restarts per notebook before its remaining kernel cells are skipped.",
    ).tag(config=True)

    max_replay_seconds = Float(
        30.0, help="Seconds all replays of a notebook's earlier cells (after kernel restarts) may take in all; "
                   "past them the remaining kernel cells are not run (test cells are graded all the same).",
    ).tag(config=True)

    max_cell_output_bytes = Integer(
        4 * 1024**2, help="Bytes of output a kernel cell (a demo, a solution) may show; more is dropped.",
    ).tag(config=True)

    max_cell_outputs = Integer(
        1000, help="Output messages a kernel cell may show; more are dropped.",
    ).tag(config=True)

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        kwargs.setdefault("kernel_manager_class", SandboxedKernelManager)
        super().__init__(*args, **kwargs)

    def preprocess(self, nb: NotebookNode, resources: t.Any = None,
                   km: t.Any = None) -> tuple[NotebookNode, dict[str, t.Any]]:
        NotebookClient.__init__(self, nb, km)
        self.reset_execution_trackers()
        self._check_assign_resources(resources)
        sandbox = Sandbox(parent=self)
        sandbox.require()
        notes = [*([] if sandbox.enabled else [NOT_ISOLATED]), *([] if sandbox.cgroups else [NOT_FAIR])]
        for note in notes:
            self.log.warning("%s: %s", self._submission(), note)
        if notes:
            notice = nbformat.v4.new_markdown_cell("### Grading notes\n\n" + "\n\n".join(f"**{n}**" for n in notes))
            notice.id = GRADING_NOTES_CELL_ID
            self.nb.cells.insert(0, notice)
        problems = split_problems(self.nb)
        checks = notebook_checks(self, problems, sandbox, workers=self.check_workers,
                                 fork_server=self.check_server, lookahead=self.lookahead)
        try:
            run_sync(self._run_notebook)(problems, checks, sandbox)
        finally:
            checks.close()
        try:
            self.set_widgets_metadata()
        except Exception as exc:  # noqa: BLE001 - widget state is what kernel messages said
            self.log.warning("%s: widget state not kept: %r", self._submission(), exc)
            self.nb.metadata.pop("widgets", None)
        self._make_valid()
        return self.nb, self.resources

    def _make_valid(self) -> None:
        """Leave only what nbformat v4 takes: nbclient copies what kernel messages say into the
        notebook unchecked (an `execute_input` with a string `execution_count` made nbconvert refuse
        the notebook after this preprocessor, and nbgrader drop the student's whole assignment:
        red-team pass 56). A code cell's execution count becomes an int or None, an output that
        is not a valid v4 output a note saying so; checked cell by cell only if the notebook fails."""
        if validator.isvalid(self.nb):
            return
        self.nb.metadata.pop("widgets", None)
        minor = self.nb.get("nbformat_minor")
        for cell in self.nb.cells:
            if cell.get("cell_type") != "code" or validator.isvalid(cell, ref="code_cell", version=4,
                                                                     version_minor=minor):
                continue
            count = cell.get("execution_count")
            if not (type(count) is int and count >= 0):
                cell.execution_count = None
            outputs = cell.get("outputs")
            kept = [output for output in (outputs if isinstance(outputs, list) else [])
                    if validator.isvalid(output, ref="output", version=4, version_minor=minor)]
            if not isinstance(outputs, list) or len(kept) < len(outputs):
                dropped = len(outputs) - len(kept) if isinstance(outputs, list) else 1
                cell.outputs = [nbformat.from_dict(output) for output in kept]
                _add_note(cell, f"{dropped} output(s) this cell's kernel sent were not valid notebook outputs "
                                "and were dropped")
            if not validator.isvalid(cell, ref="code_cell", version=4, version_minor=minor):
                cell.metadata.pop("execution", None)
            if not validator.isvalid(cell, ref="code_cell", version=4, version_minor=minor):
                self.log.warning("%s: cell %s is still not valid nbformat", self._submission(), cell.get("id"))

    async def _run_notebook(self, problems, checks: NotebookChecks, sandbox: Sandbox) -> None:
        self._shown: dict[int, list[int]] = {}  # cell index -> [bytes shown, outputs shown, bytes dropped]
        self._refused: dict[int, list[t.Any]] = {}  # cell index -> [messages nbclient could not take, why]
        self._replay: list[int] = []  # setup, given and solution cells that ran and did not kill the kernel
        self._restarts = 0
        self._replay_left = float(self.max_replay_seconds)  # what all replays of this notebook may take
        self._no_kernel: str | None = None  # why kernel cells are no longer run
        # The later notebooks' checks are queued while this kernel boots (its process launched).
        await self._start_kernel(launched=checks.look_ahead)
        checks.look_ahead()  # (if the kernel could not be launched)
        summaries: list[NotebookNode] = []
        tests: list[tuple[str, str, NotebookNode]] = []
        try:
            # Every kernel cell first, while the problems' check processes run beside the kernel:
            # no kernel cell depends on a test cell's outcome, and waiting for a problem's checks
            # at its first test cell would leave the kernel idle meanwhile.
            for index, cell in enumerate(self.nb.cells):
                if cell.cell_type != "code":
                    continue
                name, cell_id = problem_of(grade_id(cell)), grade_id(cell)
                if role_of(cell) == "test" and name in problems:
                    tests.append((name, cell_id, cell))
                    continue
                if role_of(cell) == "summary":
                    summaries.append(cell)  # filled in below, once every test cell has its outputs
                    continue
                if not cell.source.strip():
                    continue
                try:
                    await self._run_in_kernel(cell, index)
                except Exception as exc:  # noqa: BLE001 - (it catches all it should: never drop a notebook)
                    self.log.error("%s: a kernel cell raised in the grader: %r", self._submission(), exc)
                    self._no_kernel = f"the grader failed on a kernel cell ({type(exc).__name__})"
                    await self._stop_kernel()
        finally:
            if self.km is not None:
                await self._async_cleanup_kernel()
        for count, (name, cell_id, cell) in enumerate(tests, start=1):
            result = checks.result(name)
            cell.outputs = [nbformat.from_dict(o) for o in
                            outputs_for(problems[name], cell_id, result, sandbox.problem_timeout)]
            cell.execution_count = count
            if result.ended != "done" and cell_id == problems[name].test_ids[0]:
                self._log_problem(name, result)
        for cell in summaries:
            # The student's summary reads what the kernel saw; here it shows the grader's verdicts.
            try:
                cell.outputs = [nbformat.from_dict(graders_summary(self.nb))]
            except Exception as exc:  # noqa: BLE001 - a summary must never drop a notebook
                self.log.warning("%s: the summary cell could not be written: %r", self._submission(), exc)
                cell.outputs = [nbformat.v4.new_output(
                    "stream", name="stdout", text="Not run at grading: the scores are those of the test cells above.\n")]

    def _submission(self) -> str:
        """student/notebook, as nbgrader names the notebook being graded, for the log."""
        who = self.resources.get("nbgrader", {}) if isinstance(self.resources, dict) else {}
        return f"{who.get('student', '?')}/{who.get('notebook', '?')}"

    def _log_problem(self, name: str, result) -> None:
        self.log.warning("%s: %s's check process %s after %.1f s; its unreported checks score 0%s",
                         self._submission(), name.upper(),
                         "was killed at its time bound" if result.ended == "timeout" else result.ended,
                         result.seconds, f" (it printed: {result.log[-300:]!r})" if result.log.strip() else "")

    async def _start_kernel(self, launched: t.Callable[[], None] | None = None) -> bool:
        try:
            if self.km is None:
                self.km = self.create_kernel_manager()
            await self.async_start_new_kernel()
        except Exception as exc:  # noqa: BLE001 - a kernel that cannot start must not drop the notebook
            return await self._no_kernel_started(exc)
        if launched is not None:
            launched()
        try:
            await self.async_start_new_kernel_client()
            return True
        except Exception as exc:  # noqa: BLE001 - a kernel that cannot start must not drop the notebook
            return await self._no_kernel_started(exc)

    async def _no_kernel_started(self, exc: Exception) -> bool:
        self.log.error("The notebook's kernel could not be started: %s", exc)
        self._no_kernel = f"the notebook's kernel could not be started ({exc})"
        if self.km is not None:
            try:
                await self._async_cleanup_kernel()
            except Exception:  # noqa: BLE001
                pass
        self.km = self.kc = None
        return False

    def process_message(self, msg: dict[str, t.Any], cell: NotebookNode, cell_index: int) -> NotebookNode | None:
        # Every IOPub message of the running cell comes through here: count what it would show,
        # and drop it once the cell is past its cap (status messages still end the cell).
        kind = msg.get("msg_type", "")
        if kind in _SHOWN:
            size = _shown_bytes(msg)
            shown = self._shown.setdefault(cell_index, [0, 0, 0])
            if shown[0] + size > self.max_cell_output_bytes or shown[1] >= self.max_cell_outputs:
                shown[2] += size
                return None
            shown[0] += size
            shown[1] += 1
        try:
            return super().process_message(msg, cell, cell_index)
        except CellControlSignal:  # the cell's end
            raise
        except Exception as exc:  # noqa: BLE001 - a message nbclient cannot take (a stream without its
            # text, a display id noted for outputs gone): dropped, and the cell says so when it ends
            refused = self._refused.setdefault(cell_index, [0, ""])
            refused[0] += 1
            refused[1] = refused[1] or f"{type(exc).__name__}: {str(exc)[:200]}"
            return None

    def _update_display_id(self, display_id: str, msg: dict[str, t.Any]) -> None:
        # nbclient indexes the outputs it noted for a display id without checking they are
        # still there (a cell's replay noted some, then the cell was put back): never past the end.
        for cell_index, positions in self._display_id_map.get(display_id, {}).items():
            outputs = self.nb.cells[cell_index].get("outputs", []) if cell_index < len(self.nb.cells) else []
            positions[:] = [i for i in positions if isinstance(i, int) and 0 <= i < len(outputs)]
        super()._update_display_id(display_id, msg)

    async def _execute(self, cell: NotebookNode, index: int) -> None:
        """nbclient's execute_cell, with the cell's output capped (see `process_message`)."""
        self._shown[index] = [0, 0, 0]
        self._refused.pop(index, None)
        try:
            await self.async_execute_cell(cell, index, store_history=True)
        finally:
            refused = self._refused.pop(index, None)
            if refused:
                _add_note(cell, f"{refused[0]} message(s) this cell's kernel sent could not be taken and were "
                                f"dropped ({refused[1]})")
            dropped = self._shown.pop(index, [0, 0, 0])[2]
            if dropped:
                _add_note(cell, f"{dropped:,} more bytes of output were dropped: a cell shows at most "
                                f"{self.max_cell_output_bytes // 1024**2} MiB and {self.max_cell_outputs} outputs")

    async def _run_in_kernel(self, cell: NotebookNode, index: int) -> None:
        if self._no_kernel is not None:
            cell.outputs = [nbformat.from_dict(error_output("NotRun", f"Not run: {self._no_kernel}."))]
            return
        try:
            await self._execute(cell, index)
        except (DeadKernelError, CellTimeoutError) as exc:
            stopped = isinstance(exc, CellTimeoutError)
            what = (f"This cell was still running after {self.timeout} s, so its kernel was stopped"
                    if stopped else "The kernel died while this cell ran (your code ended its process: "
                    "sys.exit, os._exit, SystemExit in a task, a signal, or running out of memory)")
            restarted = await self._restart()
            then = ("; a new kernel ran the earlier setup, given and solution cells again, and the "
                    "notebook went on" if restarted else f"; {self._no_kernel}, so the cells below were not run")
            cell.outputs = list(cell.get("outputs", [])) + [nbformat.from_dict(error_output(
                "KernelStopped" if stopped else "KernelDied", f"{what}{then}. Only this cell's output is "
                "affected: the checks of every problem run in processes of their own."))]
            return
        except Exception as exc:  # noqa: BLE001 - what the kernel sent broke nbclient: never drop the notebook
            self.log.warning("%s: a kernel cell sent what the grader could not take: %r", self._submission(), exc)
            restarted = await self._restart()
            then = ("; a new kernel ran the earlier setup, given and solution cells again, and the "
                    "notebook went on" if restarted else f"; {self._no_kernel}, so the cells below were not run")
            outputs = cell.get("outputs")
            cell.outputs = (list(outputs) if isinstance(outputs, list) else []) + [nbformat.from_dict(error_output(
                "KernelMessageRefused", f"The grader could not take what this cell's kernel sent "
                f"({type(exc).__name__}: {str(exc)[:200]}), so its kernel was stopped{then}. Only this "
                "cell's output is affected: the checks of every problem run in processes of their own."))]
            return
        if role_of(cell) in ("setup", "given", "solution"):
            self._replay.append(index)

    async def _restart(self) -> bool:
        """A fresh kernel with the replayable cells before run again; False if none could be had."""
        while True:
            if self._restarts >= self.max_restarts:
                self._no_kernel = f"the kernel was restarted {self._restarts} times already"
                await self._stop_kernel()
                return False
            self._restarts += 1
            await self._stop_kernel()
            if not await self._start_kernel():
                return False
            for index in list(self._replay):
                original = self.nb.cells[index]
                noted = {display_id: list(cells[index]) for display_id, cells in self._display_id_map.items()
                         if index in cells}
                timeout, started = self.timeout, time.monotonic()
                budget = self._replay_left < (timeout or math.inf)  # the budget, not the cell's bound, limits it
                if self._replay_left <= 0:
                    return await self._out_of_replay_time()
                self.timeout = max(1, math.ceil(self._replay_left)) if budget else timeout
                try:
                    await self._execute(copy.deepcopy(original), index)
                except CellTimeoutError:
                    if budget:
                        return await self._out_of_replay_time()
                    self._replay.remove(index)  # it outlives its bound: never replay it again
                    break
                except Exception:  # noqa: BLE001 - it killed the kernel, or sent what nbclient cannot take
                    self._replay.remove(index)  # never replay it again
                    break
                finally:
                    self.timeout = timeout
                    self._replay_left -= time.monotonic() - started
                    # nbclient stores the cell it ran at its index: the notebook keeps the outputs
                    # of the cell's own run, not those of its replay, and the display ids it noted then.
                    self.nb.cells[index] = original
                    for display_id, cells in self._display_id_map.items():
                        cells.pop(index, None)
                        if display_id in noted:
                            cells[index] = noted[display_id]
            else:
                return True

    async def _out_of_replay_time(self) -> bool:
        self._no_kernel = (f"replaying the earlier cells after kernel restarts took {self.max_replay_seconds:g} s, "
                           "the most a notebook's replays may take in all")
        await self._stop_kernel()
        return False

    async def _stop_kernel(self) -> None:
        if self.km is not None:
            try:
                await self._async_cleanup_kernel()
            except Exception as exc:  # noqa: BLE001 - a dead kernel may fail to clean up; go on
                self.log.debug("cleaning up a dead kernel: %s", exc)
        self.km = self.kc = None


def _add_note(cell: NotebookNode, text: str) -> None:
    """Append `[grading: text]` to what `cell` shows (its outputs made a list again if what a kernel
    sent left them something else)."""
    outputs = cell.get("outputs")
    cell.outputs = (list(outputs) if isinstance(outputs, list) else []) + [
        nbformat.v4.new_output("stream", name="stdout", text=f"\n[grading: {text}]\n")]
