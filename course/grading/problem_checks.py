"""Each problem's test cells, run in a sandboxed process of their own (trusted side).

Trusted side: runs in nbgrader's process. The processes it starts run
`course.problem_process` beside student code, in the grading sandbox.

A notebook's cells are split by problem (grade ids `pNN_...`). Problem K's
check process holds only the notebook's setup cells, K's given cells, K's
solution cell and K's test cells, in notebook order. So whatever K's code
does (exit, kill its process, spin with signals off, exhaust memory, patch
the loop, shadow builtins) costs K alone: every other problem's checks run
in a fresh process that never saw it: forked from a check server that runs
no student code and is cleaned between jobs (`course.grading.check_server`),
or, with `fork_server=False`, a fresh interpreter in a sandbox of its own.
The process is killed from outside at `Sandbox.problem_timeout` (with a
check server, the server's whole sandbox); a test cell it did not report by then
(or before it died) gets an error output saying what happened, which
nbgrader scores 0.

Test cells are compiled here, in the grader, and reach the process as code
objects on a pipe: hidden test source never enters the sandbox. A test cell
scores only if the process reports, for every scenario the cell starts
(`explore(f, seeds=N)`, `run(f)`, read from its source here) and every seed,
a passing verdict; those are recorded only by the checks' own runner, which
student code cannot call or imitate without `gc` or frame objects (see
`course.testing._guard`). Anything else (a missing, failing or forged
verdict) scores 0 with an error output saying which check did not confirm.
"""

from __future__ import annotations

import ast
import base64
import contextlib
import hashlib
import hmac
import json
import marshal
import os
import secrets
import sysconfig
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbformat.notebooknode import NotebookNode

from course.zygote import REPORT_FD

from .cgroups import SandboxCgroup
from .check_server import CheckServers, ServerJob, ServerLost
from .failures import problem_of
from .sandbox import Sandbox

#: Servers tried for one job before it runs in a process of its own (each failed before starting it).
_SERVER_ATTEMPTS = 2

#: Most bytes of what a check process prints outside any cell that are kept for the log.
_LOG_TAIL = 4000

#: What one test cell may report, at most: the JSON of its outputs, and their number. A
#: check's own outputs are a few lines (the harness captures what student code prints);
#: the caps keep a flood from costing the grader's memory and time, which no sandbox bounds.
MAX_REPORT_BYTES = 4 * 1024**2
MAX_OUTPUTS = 100


def grade_id(cell: NotebookNode) -> str:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "") or ""


#: Grade id of the closing cell that shows a student where they stand (`course.progress`).
SUMMARY_ID = "summary"


def role_of(cell: NotebookNode) -> str | None:
    """What a code cell is to grading: "setup" (no problem's grade id), or a problem's "given",
    "solution" or "test" cell (a graded cell that is not a solution: its outputs decide its
    points); "summary" for the closing summary cell (never run at grading: the grader writes
    its own verdicts there); None for the rest (demos, experiments) and for markdown."""
    if cell.cell_type != "code":
        return None
    meta = cell.get("metadata", {}).get("nbgrader", {})
    if grade_id(cell) == SUMMARY_ID and not meta.get("grade") and not meta.get("solution"):
        return "summary"
    if problem_of(grade_id(cell)) is None:
        return "setup"
    if meta.get("grade") and not meta.get("solution"):
        return "test"
    if meta.get("solution"):
        return "solution"
    return "given" if "_given" in grade_id(cell) else None


@dataclass
class Problem:
    """The cells of one problem that its check process runs, as (grade id, role, source)."""

    name: str
    cells: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def test_ids(self) -> list[str]:
        return [cell_id for cell_id, role, _ in self.cells if role == "test"]

    def expected(self, cell_id: str) -> list[tuple[str, Any]]:
        """The (scenario, seed) verdicts test cell `cell_id` must report (see `expected_verdicts`)."""
        return next((expected_verdicts(source) for i, role, source in self.cells if i == cell_id), [])


#: A seed that stands for "at least one run, every one passing" where the seeds are not literal.
ANY_SEED = "*"


def expected_verdicts(source: str) -> list[tuple[str, Any]]:
    """The (scenario name, seed) pairs a test cell's top-level `explore`/`run` calls start.

    `explore(f, seeds=3)` starts f with seeds 0, 1, 2 (the default is 100, as in
    `course.testing.explore`); `seeds=[4, 9]` those seeds; `run(f)` seed None and
    `run(f, seed=7)` seed 7. Seeds that are not literals give (f, ANY_SEED).
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    expected: list[tuple[str, Any]] = []
    for statement in tree.body:
        call = statement.value if isinstance(statement, (ast.Expr, ast.Assign)) else None
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in ("explore", "run")
                and call.args and isinstance(call.args[0], ast.Name)):
            continue
        name, keywords = call.args[0].id, {k.arg: k.value for k in call.keywords}
        if call.func.id == "run":
            seed = keywords.get("seed")
            value = None if seed is None else _literal(seed)
            expected.append((name, value if value is None or isinstance(value, int) else ANY_SEED))
            continue
        seeds = keywords.get("seeds", call.args[1] if len(call.args) > 1 else None)
        value = 100 if seeds is None else _literal(seeds)
        if isinstance(value, int) and not isinstance(value, bool):
            expected += [(name, seed) for seed in range(value)]
        elif isinstance(value, (list, tuple)) and all(isinstance(v, int) for v in value):
            expected += [(name, seed) for seed in value]
        else:
            expected.append((name, ANY_SEED))
    return expected


def _literal(node: ast.AST) -> Any:
    try:
        return ast.literal_eval(node)
    except ValueError:
        return ANY_SEED


def _imports(source: str) -> set[str]:
    """Modules a cell imports (absolute imports only)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _compiled(source: str, filename: str) -> tuple[list[str], str | None]:
    """A test cell as code objects (marshal, base64): each top-level statement of its body
    compiled on its own (same file name and line numbers), and its last expression if it ends
    with one (shown as the cell's result, as a kernel shows it). The check process runs them one
    by one, and holds the test cells' namespace to what each statement stores while it runs
    (see `course.problem_process`)."""
    tree = ast.parse(source, filename)
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr):
        last = ast.Expression(tree.body.pop().value)
    flags = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT

    def encode(node: ast.AST, mode: str) -> str:
        return base64.b64encode(marshal.dumps(compile(node, filename, mode, flags=flags, dont_inherit=True))).decode()
    statements = [encode(ast.Module([node], type_ignores=[]), "exec") for node in tree.body]
    return statements, (encode(last, "eval") if last is not None else None)


HIDDEN = "BEGIN HIDDEN TESTS"


def job_cells(problem: Problem) -> list[dict[str, Any]]:
    """The cells of a problem's job: test cells compiled (hidden ones without their source), the
    others as they are. Their IPython syntax (magics, `!`) is turned into Python in the check
    process (`course.problem_process`), within the problem's time bound: IPython tokenizes a cell
    again for each escaped line it rewrites, up to 500 times, and a 92 KB solution of `!:` lines
    cost nbgrader's own process 73 s here (red-team pass 56). Nothing here reads a student cell
    but as a string (test cells are the release's: `RebuildFromRelease`)."""
    cells: list[dict[str, Any]] = []
    for cell_id, role, source in problem.cells:
        if role != "test":
            cells.append({"id": cell_id, "role": role, "source": source})
            continue
        hidden = HIDDEN in source
        filename = f"<hidden test {cell_id}>" if hidden else f"<test {cell_id}>"
        try:
            code, last = _compiled(source, filename)
        except SyntaxError as exc:
            code, last = _compiled(f"raise SyntaxError({f'this test cell does not compile: {exc.msg}'!r})",
                                   filename)
        cells.append({"id": cell_id, "role": role, "code": code, "last": last,
                      "source": None if hidden else source})
    return cells


def job_secret(problem: Problem) -> str:
    """A problem's secret (64 hex digits): a digest of its test cells' text, hidden tests included,
    which a solution cannot compute (it never sees them), the same on every run and every Python.
    The check process hands it only to the harness (see `course.testing._guard`): its sweeps draw
    where each cut lands from it (`course.testing._cancellation`)."""
    digest = hashlib.sha256(b"course check secret")
    for cell_id, role, source in problem.cells:
        if role == "test":
            digest.update(f"{cell_id}\0{source}\0".encode())
    return digest.hexdigest()


def _job(key: bytes, report_fd: int, problem: Problem, cells: list[dict[str, Any]], imports: list[str]) -> str:
    """A check process's job, as it reads it on stdin (JSON): the key of its reports, the descriptor
    it writes them to, what it imports first, the problem's cells and the problem's secret."""
    return json.dumps({"key": key.hex(), "report_fd": report_fd, "imports": imports, "cells": cells,
                       "secret": job_secret(problem)})


def job_imports(problem: Problem) -> list[str]:
    """What the check process loads before student code: the checks, and every module the setup,
    given and test cells import."""
    names = {"course.testing", "course.notebook"}
    for _, role, source in problem.cells:
        if role in ("setup", "given", "test"):
            names |= _imports(source)
    return sorted(names)


def _boot_paths() -> list[str]:
    """sys.path of a check process started with -S: the course package's folder, then the
    environment's site-packages (where a .pth file would put nothing else the checks need)."""
    import course
    paths = [str(Path(course.__file__).resolve().parent.parent)]
    for key in ("purelib", "platlib"):
        path = sysconfig.get_paths()[key]
        if path not in paths:
            paths.append(path)
    return paths


_BOOT = "import sys; sys.path[:0] = sys.argv[1:]; import course.problem_process as p; p.main()"


def split_problems(nb: NotebookNode) -> dict[str, Problem]:
    """Problems with at least one test cell, each with the setup cells it needs.

    Setup cells are the code cells before the first problem. A problem's given
    cells are its code cells with `given` in their grade id; its solution is
    its solution cell.
    """
    setup: list[tuple[str, str, str]] = []
    problems: dict[str, Problem] = {}
    for cell in nb.cells:
        role, name = role_of(cell), problem_of(grade_id(cell))
        if role == "setup":
            if not problems:
                setup.append((grade_id(cell) or "setup", role, cell.source))
        elif name is not None:
            problem = problems.setdefault(name, Problem(name, list(setup)))
            if role is not None:
                problem.cells.append((grade_id(cell), role, cell.source))
    return {name: p for name, p in problems.items() if p.test_ids}


def error_output(ename: str, message: str) -> dict[str, Any]:
    """An nbformat error output whose traceback is the message alone, in red like a harness failure."""
    head, *rest = message.splitlines()
    return {"output_type": "error", "ename": ename, "evalue": message,
            "traceback": [f"\x1b[0;31m{head}\x1b[0m", *rest]}


@dataclass
class ProblemResult:
    """What one problem's check process reported: outputs per test cell id, and how it ended."""

    outputs: dict[str, list[dict[str, Any]]]
    ended: str  # "done", "timeout" or "exited <code>"
    seconds: float
    log: str = ""
    oversized: bool = False  # a report longer than MAX_REPORT_BYTES was thrown away
    verdicts: dict[str, list[Any]] = field(default_factory=dict)  # per cell: [scenario, seed, passed, note]
    seconds_per_cell: dict[str, float] = field(default_factory=dict)  # as reported: for benchmarks only


class ProblemChecks:
    """Runs problems' check processes in the background, at most `workers` at once, in the
    order they were started; `result(key)` waits for one.

    `problems` are started at once, each under its name; `start` queues more under keys
    of the caller's choosing (`course.grading.lookahead` uses (notebook, problem)).
    With `fork_server` (the default), each check process is forked by one of this
    process's check servers (`course.grading.check_server`; or of the `CheckServers`
    given); without it, or when no server can be had, each is a process started on its
    own, in a sandbox of its own."""

    def __init__(self, problems: dict[str, Problem], sandbox: Sandbox, *, workers: int = 1,
                 fork_server: bool | CheckServers = True) -> None:
        self.sandbox = sandbox
        self._servers = (fork_server if isinstance(fork_server, CheckServers) else
                         CheckServers.shared(sandbox, workers, _boot_paths()) if fork_server else None)
        self._pool = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="course-checks")
        self._futures: dict[Any, Future[ProblemResult]] = {}
        self._runs: dict[Any, object] = {}  # key -> the token of the run started under it
        self._lock = threading.Lock()
        self._running: dict[object, _CheckProcess | ServerJob] = {}  # token -> its process, while it runs
        self._dropped: set[object] = set()  # tokens of runs dropped while running
        for name, problem in problems.items():
            self.start(name, problem)

    def start(self, key: Any, problem: Problem) -> None:
        """Queue `problem`'s checks under `key` (hashable, not in use), behind those started before."""
        if key in self._futures:
            raise ValueError(f"checks already started under {key!r}")
        token = self._runs[key] = object()  # this run's, not the key's: a key dropped may be used again
        # The job is built here, in the caller's thread: the ast module of Python 3.11 and
        # 3.12 is not thread-safe (gh-106905), and nbgrader parses notebooks meanwhile.
        self._futures[key] = self._pool.submit(self._run, token, problem, job_cells(problem), job_imports(problem))

    def result(self, key: Any) -> ProblemResult:
        return self._futures[key].result()

    def drop(self, key: Any) -> None:
        """Forget `key`'s checks: not started, they never will be; running, their process is
        killed (with a check server, the server's whole sandbox: the next job gets a fresh one)."""
        future, token = self._futures.pop(key, None), self._runs.pop(key, None)
        if future is None or future.done() or future.cancel():
            return
        with self._lock:  # (held while killing: see `_watching`)
            self._dropped.add(token)
            process = self._running.get(token)
            if process is not None:
                process.kill()

    def close(self) -> None:
        """Drop whatever has not finished, then wait for the workers."""
        for key in [key for key, future in self._futures.items() if not future.done()]:
            self.drop(key)
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _run(self, token: object, problem: Problem, cells: list[dict[str, Any]],
             imports: list[str]) -> ProblemResult:
        """Never raises: whatever went wrong costs this problem's checks, not the submission."""
        started = time.monotonic()
        try:
            return self._run_process(token, problem, cells, imports)
        except Exception as exc:
            return ProblemResult({}, f"grader error {type(exc).__name__}: {exc}", time.monotonic() - started)
        finally:
            with self._lock:
                self._dropped.discard(token)

    @contextlib.contextmanager
    def _watching(self, token: object, process: _CheckProcess | ServerJob):
        """While the block runs, `drop` may kill `process` (at once if the run was dropped
        already); never after: a check server goes back to its pool, and may run another
        student's job, only once this is over, and a process on its own is reaped by then
        (its pid may be another's)."""
        with self._lock:
            self._running[token] = process
            if token in self._dropped:
                process.kill()
        try:
            yield
        finally:
            with self._lock:
                self._running.pop(token, None)

    def _run_process(self, token: object, problem: Problem, cells: list[dict[str, Any]],
                     imports: list[str]) -> ProblemResult:
        if self._servers is not None:
            for _ in range(_SERVER_ATTEMPTS):
                try:
                    return self._run_on_server(self._servers, token, problem, cells, imports)
                except ServerLost:
                    continue  # it never started the job: a fresh server, a fresh key and pipe
        return self._run_alone(token, problem, cells, imports)

    def _run_on_server(self, servers: CheckServers, token: object, problem: Problem, cells: list[dict[str, Any]],
                       imports: list[str]) -> ProblemResult:
        secret = secrets.token_bytes(32)
        started = time.monotonic()
        job = _job(secret, REPORT_FD, problem, cells, imports)
        server = servers.acquire()
        try:
            report_read, report_write = os.pipe()
            try:
                run = server.begin(report_write, self.sandbox.problem_timeout)
            except BaseException:
                os.close(report_read)
                raise
            finally:
                os.close(report_write)
            with self._watching(token, run):
                outputs, verdicts, done, log, oversized, timing = self._collect(run, report_read, job, secret)
            if not done and not server.alive and server.log_tail().strip():
                log += f"\n(check server: {server.log_tail()[-1000:]})"
        finally:
            servers.release(server)
        return self._result(outputs, verdicts, done, log, oversized, timing, run.returncode,
                            time.monotonic() - started)

    def _run_alone(self, token: object, problem: Problem, cells: list[dict[str, Any]],
                   imports: list[str]) -> ProblemResult:
        secret = secrets.token_bytes(32)
        started = time.monotonic()
        with tempfile.TemporaryDirectory(prefix=f"course-{problem.name}-") as scratch, \
                _removed(self.sandbox.cgroup("check")) as cgroup:
            command = self.sandbox.command([sys.executable, "-I", "-S", "-c", _BOOT, *_boot_paths()],
                                           Path(scratch), proc=False, cgroup=cgroup)
            report_read, report_write = os.pipe()
            job = _job(secret, report_write, problem, cells, imports)
            try:
                process = _CheckProcess(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, pass_fds=(report_write,), cwd=scratch,
                                        start_new_session=True)
            finally:
                os.close(report_write)
            with self._watching(token, process):
                outputs, verdicts, done, log, oversized, timing = self._collect(process, report_read, job, secret)
            seconds = time.monotonic() - started
        return self._result(outputs, verdicts, done, log, oversized, timing, process.returncode, seconds)

    def _result(self, outputs, verdicts, done, log, oversized, timing, returncode, seconds) -> ProblemResult:
        if done:
            ended = "done"
        elif returncode == -9 and seconds >= self.sandbox.problem_timeout:
            ended = "timeout"
        else:
            ended = f"exited {returncode}"
        return ProblemResult(outputs, ended, seconds, log, oversized, verdicts, timing)

    def _collect(self, process: _CheckProcess | ServerJob, report_read: int, job: str,
                 key: bytes) -> tuple[dict[str, list[dict[str, Any]]], dict[str, list[Any]], bool, str, bool,
                                      dict[str, float]]:
        outputs: dict[str, list[dict[str, Any]]] = {}
        verdicts: dict[str, list[Any]] = {}
        timing: dict[str, float] = {}
        expected_seq = 0
        done = oversized = False
        printed: list[bytes] = []

        def feed() -> None:
            try:
                assert process.stdin is not None
                process.stdin.write(job.encode())
                process.stdin.close()
            except (BrokenPipeError, OSError):
                pass

        def drain() -> None:
            assert process.stdout is not None
            for chunk in iter(lambda: process.stdout.read(4096), b""):
                if sum(map(len, printed)) < _LOG_TAIL * 4:
                    printed.append(chunk)

        helpers = [threading.Thread(target=feed, daemon=True), threading.Thread(target=drain, daemon=True)]
        for thread in helpers:
            thread.start()
        killer = threading.Timer(self.sandbox.problem_timeout, process.kill)
        killer.daemon = True
        killer.start()
        try:
            with os.fdopen(report_read, "rb") as channel:
                for line in _bounded_lines(channel, MAX_REPORT_BYTES):
                    if line is None:
                        oversized = True
                        continue
                    message = _verified(line, key, expected_seq)
                    if message is None:
                        continue  # not written by course.problem_process's main, or not next
                    expected_seq += 1
                    if message.get("done"):
                        done = True
                        break
                    cell_id, cell_outputs = message.get("id"), message.get("outputs")
                    if not isinstance(cell_id, str):
                        continue
                    if cell_id in outputs:  # two reports for one cell: at most one is genuine
                        outputs[cell_id] = [error_output("ForgedReport", _FORGED)]
                        verdicts[cell_id] = []
                    elif isinstance(cell_outputs, list):
                        outputs[cell_id] = cell_outputs
                        reported = message.get("verdicts")
                        verdicts[cell_id] = reported if isinstance(reported, list) else []
                        if type(message.get("seconds")) is float:
                            timing[cell_id] = message["seconds"]
        finally:
            process.settle(done)
            killer.cancel()
            killer.join()  # a kill already under way ends here, never on a server lent to the next job
            for thread in helpers:
                thread.join(timeout=5)
            if not helpers[1].is_alive():
                process.stdout.close()
        return (outputs, verdicts, done, b"".join(printed).decode("utf-8", "replace")[-_LOG_TAIL:], oversized,
                timing)


def _verified(line: bytes, key: bytes, seq: int) -> dict[str, Any] | None:
    """The message on `line` if it is signed with `key`, numbered `seq` and written exactly
    as `course.problem_process` writes one (compact JSON, ASCII); None otherwise.

    The signature proves the line came from the check process, not that the checks
    chose its text: a solution that bends the process's JSON encoding (its separators,
    say) can make a signed line whose repeated keys parse to a message of its own. A
    line that is not the canonical encoding of what it parses to is refused.
    Never raises: a line is whatever a solution could write to the pipe (a
    JSON nesting too deep to parse, say)."""
    try:
        signature, _, body = line.rstrip(b"\n").partition(b" ")
        if not hmac.compare_digest(hmac.new(key, body, "sha256").hexdigest().encode(), signature):
            return None
        message = json.loads(body)
        if json.dumps(message, separators=(",", ":")).encode() != body:
            return None
    except Exception:
        return None
    return message if isinstance(message, dict) and message.get("seq") == seq else None


_FORGED = ("Forged report: this check was reported twice, so at least one report did not come from "
           "the checks (code that writes to the grader's channel); it cannot be scored.")


def _bounded_lines(channel, limit: int):
    """The lines of a binary stream; None in place of each line longer than `limit` bytes,
    which is skipped without ever being held whole."""
    while line := channel.readline(limit + 1):
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        while (rest := channel.readline(limit)) and not rest.endswith(b"\n"):
            pass
        yield None


@contextlib.contextmanager
def _removed(cgroup: SandboxCgroup | None):
    """`cgroup`, removed (whatever still runs in it killed) when the block ends."""
    try:
        yield cgroup
    finally:
        if cgroup is not None:
            cgroup.remove()


class _CheckProcess(subprocess.Popen):
    """A check process started on its own (in a sandbox of its own)."""

    def kill(self) -> None:
        # The sandbox's first process is bwrap: killing it makes the kernel kill
        # every process inside (--die-with-parent, PID namespace teardown).
        try:
            os.killpg(self.pid, 9)
        except (ProcessLookupError, PermissionError):
            pass

    def settle(self, done: bool) -> None:
        """Once its report pipe is finished: let a dying process give its own exit status, then
        kill whatever is left."""
        if not done:  # the channel closed
            try:
                self.wait(timeout=1)
            except subprocess.TimeoutExpired:
                pass
        if self.poll() is None:
            self.kill()
        self.wait()


def valid_outputs(outputs: Any) -> bool:
    """Whether `outputs` is a list of outputs nbformat 4 accepts (what a check process reports is not trusted)."""
    if not isinstance(outputs, list):
        return False
    cell = {"cell_type": "code", "id": "reported", "metadata": {}, "source": "", "execution_count": None,
            "outputs": outputs}
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [cell]}
    try:
        nbformat.validate(nb, version=4)
    except (nbformat.ValidationError, TypeError, ValueError):
        return False
    return True


def outputs_for(problem: Problem, cell_id: str, result: ProblemResult, timeout: float) -> list[dict[str, Any]]:
    """The outputs test cell `cell_id` gets: what its process reported, or an error saying why not.

    Reported outputs that nbformat would reject become an error output: an
    invalid notebook makes nbgrader drop the whole submission. Never raises:
    whatever a check process reported, a failure here scores this cell 0, not
    the submission.
    """
    try:
        return _outputs_for(problem, cell_id, result, timeout)
    except Exception as exc:  # a report shaped to break the grader
        return [error_output("InvalidOutput", f"Invalid output: {problem.name.upper()}'s check process reported "
                             f"something the grader could not read ({type(exc).__name__}), so this check "
                             "cannot be scored.")]


def _is_hidden(problem: Problem, cell_id: str) -> bool:
    return any(i == cell_id and HIDDEN in source for i, role, source in problem.cells)


def _without_printed_text(outputs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A hidden test cell's outputs without what was printed while it ran (stdout, stderr).

    A hidden test's compiled code runs beside the solution, which can reach it (a test
    task's coroutine) and print it, disassembled, into the cell's output and so into the
    feedback. A hidden cell shows its verdict and failure message only; what was printed
    is counted, not shown."""
    printed = [o for o in outputs if o.get("output_type") == "stream"]
    kept = [_without_printed_tail(o) if o.get("output_type") == "error" else o
            for o in outputs if o.get("output_type") != "stream"]
    if not printed:
        return kept
    lines = sum(str(o.get("text", "")).count("\n") or 1 for o in printed)
    note = {"output_type": "stream", "name": "stdout",
            "text": f"({lines} line(s) your code printed during this hidden test are not shown.)\n"}
    return [note] + kept


#: Where a failure message quotes what the solution printed (course.testing.CheckFailed).
_PRINTED = "Your code printed (last lines):"


def _without_printed_tail(error: dict[str, Any]) -> dict[str, Any]:
    """An error output without the lines of printed output its message ends with."""
    note = "(What your code printed is not shown for hidden tests.)"
    evalue, traceback = str(error.get("evalue", "")), list(error.get("traceback", []))
    if _PRINTED in evalue:
        evalue = evalue[:evalue.index(_PRINTED)] + note
    cut = next((i for i, line in enumerate(traceback) if _PRINTED in str(line)), None)
    if cut is not None:
        traceback = traceback[:cut] + [note]
    return {**error, "evalue": evalue, "traceback": traceback}


def _outputs_for(problem: Problem, cell_id: str, result: ProblemResult, timeout: float) -> list[dict[str, Any]]:
    name = problem.name.upper()
    reported = result.outputs.get(cell_id)
    if reported is not None and len(reported) > MAX_OUTPUTS:
        return [error_output("TooMuchOutput", f"Too much output: this check of {name} reported {len(reported)} "
                             f"outputs (at most {MAX_OUTPUTS} are accepted), so it cannot be scored.")]
    if reported is not None and valid_outputs(reported):
        if _is_hidden(problem, cell_id):
            reported = _without_printed_text(reported)
        return _confirmed(problem, cell_id, [_no_partial_credit(o) for o in reported],
                          result.verdicts.get(cell_id, []))
    if reported is not None:
        return [error_output("InvalidOutput", f"Invalid output: {name}'s check process reported outputs "
                             "that are not valid notebook outputs, so this check cannot be scored.")]
    if result.ended == "timeout":
        why = (f"{name}'s checks were stopped after {timeout:g} s, the bound for one problem, before this "
               "check finished. Some code of this problem keeps running without end even where the checks "
               "limit it (for example a loop with signals turned off).")
        return [error_output("ProblemTimeout", f"Time limit: {why}")]
    if result.oversized:
        return [error_output("TooMuchOutput", f"Too much output: {name}'s check process reported more than "
                             f"{MAX_REPORT_BYTES // 1024**2} MiB for a check, so that check cannot be scored.")]
    if result.ended == "done":
        why = f"{name}'s check process did not report this check."
    elif result.ended.startswith("grader error"):
        why = f"the grader could not run {name}'s checks ({result.ended.removeprefix('grader error ')})."
    else:
        why = (f"{name}'s check process ended ({result.ended.replace('exited', 'exit status')}) before this "
               "check reported: code of this problem ended the process (sys.exit, os._exit, a signal, "
               "SystemExit raised in a task, or running out of memory), so its remaining checks could not run.")
    return [error_output("ProblemProcessEnded", f"Check process ended: {why}")]


def _no_partial_credit(output: dict[str, Any]) -> dict[str, Any]:
    """nbgrader reads a test cell's execute_result as a partial score; a check process's never is one."""
    if output.get("output_type") == "execute_result":
        return {"output_type": "display_data", "data": output.get("data", {}), "metadata": output.get("metadata", {})}
    return output


def _confirmed(problem: Problem, cell_id: str, outputs: list[dict[str, Any]], verdicts: list[Any]) -> list[dict[str, Any]]:
    """`outputs`, with an error output added unless every check the cell starts reported passing.

    An error output the cell already has (the check's own failure message) is
    enough: nbgrader scores the cell 0 either way.
    """
    if any(o.get("output_type") == "error" for o in outputs):
        return outputs
    got: dict[tuple[str, Any], bool] = {}
    notes: list[str] = []
    for verdict in verdicts:
        if not (isinstance(verdict, list) and len(verdict) == 4 and isinstance(verdict[0], str)
                and (verdict[1] is None or type(verdict[1]) is int) and type(verdict[2]) is bool):
            notes.append("the checks' report was malformed")
            continue
        if True:
            key = (verdict[0], verdict[1])
            got[key] = got.get(key, True) and verdict[2] is True
            if verdict[2] is not True and isinstance(verdict[3], str):
                notes.append(verdict[3])
    missing: list[str] = []
    for name, seed in problem.expected(cell_id):
        if seed == ANY_SEED:
            runs = [passed for (n, _), passed in got.items() if n == name]
            ok = bool(runs) and all(runs)
        else:
            ok = got.get((name, seed)) is True
        if not ok:
            missing.append(name if seed in (None, ANY_SEED) else f"{name} (seed {seed})")
    if not missing and not notes:
        return outputs
    shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
    why = notes[0] if notes else (
        f"no passing verdict came from the checks for {shown}: the checks were stopped, skipped or "
        "replaced before they could judge (for example by code that changes the checking harness)")
    return outputs + [error_output("CheckNotConfirmed", f"Check not confirmed: {why}")]
