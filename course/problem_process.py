"""One problem's check process: runs its cells and reports each test cell's outcome.

Side: runs inside the grading sandbox, in the same process as student code.
Its `main` is the only code here that the grader's verdict rests on, and it
does its part before any student code runs; the grader
(`course.grading.problem_checks`) starts it, bounds it, and scores a test
cell only on the verdicts `main` reports (see `course.testing._guard`).

Started as `python -I -S -c <boot>` with a job on stdin (JSON), or forked
with the job on stdin by the check server (`course.zygote`), which loaded
the same modules once, before any job::

    {"key": str, "report_fd": int, "imports": [str],
     "cells": [{"id": str, "role": "setup"|"given"|"solution"|"test",
                "source": str,          # every cell but a hidden test
                "code": [str], "last": str|null}]}   # test cells: marshal, base64
                                                      # (each top-level statement on its own)

Test cells arrive compiled (by the grader, with this very interpreter):
hidden test source never enters the sandbox, so no student code can print
it. Before any student code runs, `main` imports what the checks and the
test cells use, runs the setup and given cells into the test cells' own
namespace (whose builtins are a private copy, with an `__import__` that
serves only those modules and falls back to the student's names for the
rest), and builds the guard. The test cells' `__given__` holds the student's
namespace as the setup and given cells left it, before the solution cell ran:
a tuple of (name, object) pairs, put back before each test cell; their `__held__`, the ids of the
test cells before it that held (no error, every verdict passing: see `_held`), as a tuple of
strings. Then it runs the cells in order: setup, given
and solution cells in the student's namespace (`__main__`, as in a kernel:
top-level `await` works, on one loop kept for them), test cells in theirs.

For each test cell it writes one line to `report_fd` (a pipe to the grader):
the hex HMAC-SHA256 of the JSON body under the job's key, a space, then the
body, numbered from 0 by `seq`::

    {"seq": int, "id": str, "outputs": [nbformat v4 outputs],
     "verdicts": [[scenario, seed, passed, note], ...], "seconds": float}

(`seconds`: the cell's wall time, for benchmarks/hidden_tests.py; the grader
ignores it.)

then `{"seq": int, "done": true}`.
"""

from __future__ import annotations

import _hashlib
import _json
import ast
import asyncio
import base64
import builtins
import gc
import importlib
import io
import json
import linecache
import marshal
import operator
import os
import random
import signal
import sys
import time
import traceback
import types
import weakref
from itertools import repeat as _repeat
from typing import Any, Callable

from course.testing import _guard, _loop
from course.testing import _names
from course.testing._descriptors import FixedProperty
from course.testing._failures import CheckFailed


class _Outputs:
    """The nbformat outputs of the cell running now, in the order they were made."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []

    def stream(self, name: str, text: str) -> None:
        if self.items and self.items[-1].get("output_type") == "stream" and self.items[-1]["name"] == name:
            self.items[-1]["text"] += text
        else:
            self.items.append({"output_type": "stream", "name": name, "text": text})

    def display(self, data: dict[str, str]) -> None:
        self.items.append({"output_type": "display_data", "data": dict(data), "metadata": {}})


class _Stream(io.TextIOBase):
    """sys.stdout / sys.stderr: text becomes a stream output of the running cell."""

    def __init__(self, outputs: _Outputs, name: str) -> None:
        self._outputs, self._name = outputs, name

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if text:
            self._outputs.stream(self._name, text)
        return len(text)

    @FixedProperty  # (not a `property`, which any code could re-initialize: see course.testing._descriptors)
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"

    @FixedProperty
    def name(self) -> str:
        return f"<{self._name}>"

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        """The process's own descriptor for this stream (1 or 2: the job's output pipe, kept in the
        grader's log, not the notebook), as a kernel's stream has one: code that writes there itself
        (`faulthandler.enable()`, which asks `sys.stderr.fileno()`) raised here, and a correct solution
        with that line in its cell scored 0 (red-team pass 100)."""
        return 1 if self._name == "stdout" else 2


class _Names(dict):
    """The test cells' builtins: a private copy of the builtins, then the student's names.

    A test cell reads the student's functions (`increment`) through this
    fallback; a student's `min = 0` or `set = {1, 2}` never reaches a test.

    What it falls back on is the student's namespace as main gave it to the checks
    (`_names.use_student_namespace`, a module global the guard watches), and `resolved`, set on
    the class by main before the guard is built (which then watches the class's attributes, and
    sees any change put back): an object of it has no attributes of its own (red-team pass 48
    emptied an object's `contracts`). A name a solution cell defines (`_names.SOLUTION_NAMES`) is
    answered from `resolved`, the `send` of main's `_names.resolver()`, which main fills as each
    test cell begins, from what the last cell of the student's left: the value as that cell left
    it (a contract class checked: `_names.Contracted`), whatever the solution's code binds later
    or files under a key of its own (red-team pass 55). Nothing here holds main's sealer or record (`Contracted`
    objects do, made by main): a class attribute can be read by any code that
    imports this module (p09_sealer_fewer_methods called the sealer from the solution cell)."""

    __slots__ = ()
    resolved: Callable[[Any], Any]  # `send` of main's `_names.resolver()` generator

    def __missing__(self, key: str) -> Any:
        found = self.resolved(key)
        if found is not None:
            if len(found) == 1:  # (the value,)
                return found[0]
            if found[0] is KeyError and _names._stopped:  # undefined, and a student's cell stopped early: why
                raise _names.MissingName(_names.not_defined(key))
            raise found[0](found[1])  # (an exception class, its message)
        # The namespace main gave the checks (`_names.use_student_namespace`): a module global the
        # guard watches and puts back. (A class attribute holding a dict is data the guard does not
        # watch: replaced from the solution cell, it stayed replaced.)
        student = _names._student
        # Looked up only among plain strings: a key of a solution's own (a `str` subclass) would
        # run its `__eq__` here, and could answer differently each time.
        if not _all(_map(_is, _map(_type, student), _repeat(str))):
            raise _names.MissingName("a name in the solution's namespace is not a plain string (a `str` subclass, "
                                     f"say): the tests cannot tell what `{key}` is")
        return student[key]


# Bound at import, for `_Names.__missing__` (module globals, which the guard watches).
_all, _map, _is, _type = all, map, operator.is_, type


def _resolve(resolver: Any, fill: object, pairs: tuple, note: Callable[[Any], Any],
             seal: Callable[[Any], Any]) -> None:
    """Fill main's `_names.resolver()` with what the solution's names stand for in `pairs` (the
    student's names, as a cell of theirs left them). Without main's `fill` the resolver keeps its
    table: a solution calling this changes nothing."""
    try:
        resolver.send((fill, _names.solution_names(pairs, note, seal)))
    except BaseException:  # closed by a solution: every solution name then fails its tests
        pass


def _importer(table: dict[str, types.ModuleType]):
    """An `__import__` that serves only the modules loaded before student code ran."""
    # The table is bound as a default (a tuple the guard watches), not a closure cell, which a
    # solution could replace and put back between two looks of the guard unseen (see _guard).
    def __import__(name, globals=None, locals=None, fromlist=(), level=0, _table=table):
        if level == 0 and name in _table:
            return _table[name] if fromlist else _table[name.partition(".")[0]]
        raise ImportError(f"a test cell imported {name!r}, which the check process did not load "
                          "before student code ran (the grader lists a test cell's imports)")
    return __import__


class _LazyShell:
    """`get_ipython` for the student's cells: an IPython shell on their namespace, made on first
    use (a magic such as %time in a solution cell); test cells never run through it."""

    def __init__(self, module: types.ModuleType) -> None:
        self.module, self.shell = module, None

    def __call__(self):
        if self.shell is None:
            from IPython.core.interactiveshell import InteractiveShell
            from traitlets.config import Config
            # No history: its manager starts a thread that saves it, which the checks took for one of
            # the solution's own (every check of a correct solution with `%xmode Minimal` or
            # `get_ipython()` in its cell failed: red-team pass 100); and a check process keeps no
            # input history (a hidden test's source is never in one).
            config = Config()
            config.HistoryManager.enabled = False
            self.shell = InteractiveShell.instance(config=config, user_module=self.module)
        return self.shell


def _display(*objs: Any, **kwargs: Any) -> Any:
    """`display`, which a kernel's builtins hold (IPython puts it there): a correct solution cell
    calling it without an import raised NameError here, and nothing after that line was defined
    (red-team pass 103). IPython's own, imported at the first call (with no shell made, it prints)."""
    from IPython.display import display
    return display(*objs, **kwargs)


def _note_stopped(cell: dict[str, Any], code: types.CodeType, exc: BaseException,
                  _traceback: Any = BaseException.__traceback__) -> None:
    """Tell the checks (`_names.note_stopped`) that a student's cell raised `exc` as this process ran
    it: the line of the cell (its last frame in the traceback) and the error's one line. The error's
    text is the solution's code (`__str__`): whatever it does, the note is only text."""
    line = None
    try:
        tb = _traceback.__get__(exc)
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == code.co_filename:
                line = tb.tb_lineno
            tb = tb.tb_next
        error = "".join(traceback.format_exception_only(type(exc), exc)).strip().splitlines()[-1][:300]
    except BaseException:
        error = "an exception"
    _names.note_stopped(f"cell `{cell['id']}`" if cell.get("id") else "a cell", line, error)


def _quiet(_isenabled=gc.isenabled, _disable=gc.disable, _mask=signal.pthread_sigmask, _block=signal.SIG_BLOCK,
           _signals=frozenset(signal.valid_signals()), _interval=sys.getswitchinterval,
           _set_interval=sys.setswitchinterval) -> tuple:
    """Let no code but the statement's own run until the guard has taken what it stored: no collection
    (whose finalizers are a solution's code), no signal handler (signals are held back, and delivered
    when `_loud` lets them), no other thread (the running thread keeps the interpreter: a switch
    interval of 1000 s). A name a test cell's statement stores is taken by the guard as it is at the
    next statement's start; a solution's finalizer, run by a collection it made due at the first
    allocation after the store, replaced the tests' scenarios there with functions of its own (red-team
    pass 108, routes `pNN_gc_swaps_scenarios`). Signals are held back in this thread only: where
    another thread takes one, Python 3.13 runs the main thread's handler at once (3.11 and 3.12 wait for
    a thread switch), so a signal handler of the solution's, installed now, fails the cell (see `_loud`).
    Returns what `_loud` puts back."""
    if _loop.solution_signal_handlers():
        return (None,)
    was = (_isenabled(), _interval())
    _disable()
    _set_interval(1000.0)
    before = _mask(_block, _signals)
    return was + (before, _mask(_block, ()))  # (the mask as it is now: SIGKILL and SIGSTOP are never held back)


def _loud(quiet: tuple | None, _isenabled=gc.isenabled, _enable=gc.enable, _mask=signal.pthread_sigmask,
          _setmask=signal.SIG_SETMASK, _interval=sys.getswitchinterval, _set_interval=sys.setswitchinterval,
          _frozenset=frozenset) -> list:
    """Put back what `_quiet` held (None: nothing), and say, for the guard's list of changes, whether code
    the statement called changed it meanwhile (turned the collector back on, unblocked a signal), which
    opens the moment `_quiet` closes."""
    if quiet is None:
        return []
    if quiet == (None,):
        return ["a signal handler of your code's (installed as a test's statement stored its names, where it "
                "could run in the midst)"]
    enabled, interval, mask, held = quiet
    changed = (_isenabled() or _interval() != 1000.0 or _frozenset(_mask(_setmask, mask)) != _frozenset(held)
               or bool(_loop.solution_signal_handlers()))
    _set_interval(interval)
    if enabled:
        _enable()
    return (["the garbage collector, a signal's mask or handler, or the thread switch interval (changed while a "
             "test's statement stored its names)"] if changed else [])


def _held(errors: list, verdicts: list) -> bool:
    """Whether a test cell held, as main tells the later test cells (`__held__`): no error, and every
    verdict the guard recorded passing. A cancellation check forgives what another cell judges only
    where that cell failed; the fact comes from here, main's, not from a name that cell's own last
    statement stored: a solution's signal handler set such a name to False between its store and the
    guard's look as the cell ended, and a later cell forgave a real bug (red-team pass 107). (The
    grader may still fail a cell main took for held, a verdict it expected missing, say: the later
    cell is then judged strictly, which gains a solution nothing.)"""
    return not errors and all(type(v) is list and len(v) == 4 and v[2] is True for v in verdicts)


def _load(encoded: str | None) -> types.CodeType | None:
    return marshal.loads(base64.b64decode(encoded)) if encoded else None


def _error(exc: BaseException) -> dict[str, Any]:
    """The error output ipykernel would send for `exc` (a check's failure: its message alone)."""
    try:
        ename, evalue = type(exc).__name__, str(exc)
    except BaseException:
        ename, evalue = "Exception", "(an exception that could not be shown)"
    try:
        render = getattr(type(exc), "_render_traceback_", None)
        lines = list(render(exc)) if render is not None else traceback.format_exception(exc)
        lines = [str(line) for line in lines]
    except BaseException:
        lines = [f"{ename}: {evalue}"]
    return {"output_type": "error", "ename": ename, "evalue": evalue, "traceback": lines}


def _show_lines(filename: str, source: str) -> None:
    """Let tracebacks and the checks' diagnoses quote `source` (never a hidden test's)."""
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)


def _definitions(source: str, filename: str) -> types.CodeType:
    """The imports, functions, classes and plain assignments of a cell, without what it runs."""
    tree = ast.parse(source, filename)
    tree.body = [node for node in tree.body if isinstance(node, (
        ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        or isinstance(node, (ast.Assign, ast.AnnAssign)) and not any(isinstance(n, ast.Await) for n in ast.walk(node))]
    return compile(tree, filename, "exec", dont_inherit=True)


def _python_source(source: str) -> str:
    """A cell as a kernel would run it: IPython syntax (magics, `!`) turned into Python by IPython's
    own transformer, here in the check process, bounded by the problem's time (it costs ~1 ms per KB
    for each line it rewrites: see `course.grading.problem_checks.job_cells`). A cell that compiles
    as it is (every solution without IPython syntax) only loses its leading blank lines, as IPython
    drops them, without loading IPython."""
    try:
        compile(source, "<cell>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT | ast.PyCF_ONLY_AST,
                dont_inherit=True)
    except (SyntaxError, ValueError):
        try:
            from IPython.core.inputtransformer2 import TransformerManager
            return TransformerManager().transform_cell(source)
        except Exception:  # not valid even for IPython: compiling it reports the SyntaxError
            return source
    lines = source.splitlines(True)
    first = next((i for i, line in enumerate(lines) if line and not line.isspace()), 0)
    return "".join(lines[first:])


def _compile_cell(cell: dict[str, Any]) -> types.CodeType:
    source = cell["source"] = _python_source(cell["source"])
    filename = f"<cell {cell['id']}>"
    _show_lines(filename, source)
    return compile(source, filename, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)


def main() -> None:
    """Read the job on stdin and run it: in a process started on its own, or in a child of the
    check server (`course.zygote`), which puts the job's pipe on stdin first."""
    real_stderr = sys.stderr
    try:
        job = json.loads(sys.stdin.buffer.read())
        sys.stdin.close()
        sys.stdin = open(os.devnull)
        _main(job)
    except BaseException:
        # A failure of this module itself (student code cannot reach here without
        # ending the process): into the grader's log, which keeps the tail.
        traceback.print_exc(file=real_stderr)
        raise


def compact_encoder() -> Callable[[Any], str]:
    """A function that writes a value (dicts, lists, str, int, float, bool, None) as compact
    ASCII JSON: `json.dumps(value, separators=(",", ":"))`, the form the grader requires.

    Made of the C encoder alone, with everything it uses fixed now: what a solution later
    sets on `json.JSONEncoder` or in `json.encoder` changes nothing it writes. Raises
    TypeError for any other type.
    """
    encode = _json.make_encoder({}, _unencodable, _json.encode_basestring_ascii, None, ":", ",", False, False, True)
    # Bound as defaults (a tuple), not closure cells (see _guard's note on closure cells).
    return lambda value, _join="".join, _encode=encode: _join(_encode(value, 0))


_NO_NAMES: frozenset = frozenset()  # what the test cells may store between two of them


def _unencodable(value: object) -> None:
    raise TypeError(f"a report holds a {type(value).__name__}")


def _main(job: dict[str, Any]) -> None:
    # Each signal's handler as the process has it before any student code runs: the checks' loop
    # lets virtual time pass only while no handler of a solution's could wake a task (see _loop).
    _loop.own_signal_handlers()
    _loop.use_no_worker_threads()  # (an executor's function runs in virtual time, as run_in_executor's)
    key, report_fd = bytes.fromhex(job.pop("key")), job.pop("report_fd")
    secret = str(job.pop("secret", ""))  # (the problem's: handed to the harness alone, through the guard)
    channel = os.fdopen(report_fd, "w", encoding="utf-8", closefd=True)
    # Bound now, before any student code runs: nothing it replaces later can change what
    # is reported. The C encoder itself, made with its separators and string encoder fixed
    # (json.JSONEncoder reads its separators from the class and `c_make_encoder` from its
    # module at every call, and a solution can set both); the HMAC of the C library
    # (hmac.digest is Python code a solution could replace).
    dumps, write, flush, CO_COROUTINE = compact_encoder(), channel.write, channel.flush, 0x80
    setrecursionlimit, recursion_limit = sys.setrecursionlimit, sys.getrecursionlimit()
    mac, sent = _hashlib.hmac_digest, [0]

    def report(message: dict[str, Any]) -> None:
        # Signed, and numbered: a line a solution writes, changes, replays or reorders on
        # the pipe (it can reach the file descriptor) is refused by the grader.
        message["seq"] = sent[0]
        body = dumps(message)
        write(mac(key, body.encode(), "sha256").hex() + " " + body + "\n")
        flush()
        sent[0] += 1

    # The checks and everything the test cells import, loaded now.
    import course.notebook
    import course.testing
    for name in job["imports"]:
        try:
            importlib.import_module(name)
        except ImportError:
            pass  # the test cell's import fails later, with its own message
    table = {name: module for name, module in sys.modules.items()
             if isinstance(module, types.ModuleType) and (name in job["imports"] or name.startswith("course"))}
    for name in list(table):
        while "." in name:
            name = name.rpartition(".")[0]
            if name in sys.modules:
                table[name] = sys.modules[name]

    outputs = _Outputs()
    course.notebook.display_hook = outputs.display
    student_module = types.ModuleType("__main__")
    student = student_module.__dict__
    student["__builtins__"] = builtins
    student["get_ipython"] = _LazyShell(student_module)
    # `help`, as a kernel has it (the `site` module, which this process does not run, -S, adds it):
    # a correct solution calling it raised NameError, and nothing after that line was defined (red-team
    # pass 100). (Not `exit` or `quit`, whose kernel versions end the kernel: see the README.)
    if not hasattr(builtins, "help"):
        import _sitebuiltins
        builtins.help = _sitebuiltins._Helper()
    # And what IPython puts in a kernel's builtins (see _display).
    if not hasattr(builtins, "display"):
        builtins.display = _display
    builtins.__IPYTHON__ = True
    sys.modules["__main__"] = student_module
    # The checks find the student's namespace through this, not sys.modules["__main__"], which a
    # solution can replace (red-team pass 46).
    from course.testing import _contract_seal
    _names.use_student_namespace(student)
    names = _Names(vars(builtins))
    names["__import__"] = _importer(table)
    # What tests make of a contract class, checked again when each test cell ends (kept in a
    # generator's frame: see _names.kept).
    drain = object()  # what empties it: held by this frame and the generator's only
    closed = object()  # stands for what was kept when a solution closed the generator
    made = _names.kept(drain)
    next(made)
    sealer = _contract_seal.sealer()  # the sealed subclass of each contract class, made once
    next(sealer)
    # What the names a solution defines stand for in the test cells, resolved from what each cell
    # of the student's left (see _Names): filled only with `fill`, held by this frame and the
    # generator's. Each cell's names are taken as it ends, with functions bound now (C code alone:
    # no code of a solution's runs meanwhile), and resolved only once the guard has put back what
    # the checks run on, as the next test cell begins (the solution cell could have changed them).
    fill = object()
    resolver = _names.resolver(fill)
    next(resolver)
    _Names.resolved = resolver.send
    items_of, as_tuple = dict.items, tuple
    left: tuple | None = ()  # the student's names as the last cell of theirs left them, until resolved
    _resolve(resolver, fill, (), made.send, sealer.send)
    tests: dict[str, Any] = {"__name__": "__hidden_tests__", "__builtins__": names}

    cells = job["cells"]
    for cell in cells:
        if cell["role"] == "test":
            # Its statements, each compiled on its own, and its last expression; each with the names
            # its own code binds (see _guard.begin), read now, before any student code runs.
            statements = [(_load(encoded), False) for encoded in cell["code"]]
            if cell.get("last"):
                statements.append((_load(cell["last"]), True))
            cell["code"] = [(code, last, _guard.stored_names((code,))) for code, last in statements]
            if cell.get("source") and statements:  # a visible test: its lines may show in tracebacks
                _show_lines(statements[0][0].co_filename, cell["source"])
        else:
            try:
                cell["code"] = _compile_cell(cell)
            except SyntaxError as exc:
                cell["code"], cell["error"] = None, exc
    # The test cells' own copies of the setup and given cells (the instructor's code).
    for cell in cells:
        if cell["role"] in ("setup", "given") and cell["code"] is not None:
            code = cell["code"]
            if code.co_flags & CO_COROUTINE:  # it awaits at top level (a demo): its definitions only
                code = _definitions(cell["source"], code.co_filename)
            try:
                exec(code, tests)
            except BaseException:
                pass

    from course.testing import _entropy, _isolation, _runner, _sealed
    _sealed.seal()  # methods of what the checks hand out cannot be shadowed on an instance
    clock = _isolation._REAL["perf_counter"]  # wall time of each test cell, for benchmarks
    # The checks' clock, for good: it reads virtual time only in a thread running a check,
    # and real time everywhere else, so it is what the guard must keep in place.
    for name, function in _isolation._PATCHED.items():
        setattr(time, name, function)
    for module, name, _, virtual in _isolation.SWAPPED:  # (datetime's "now", os.times, likewise)
        setattr(module, name, virtual)
    # State the standard library binds lazily, bound now: from here on the guard takes any change to
    # those modules' namespaces during a run for a solution's (Python 3.13's random binds `_sha512`
    # at the first seed that is a string, as the checks' sweeps use).
    random.Random("bound before the guard").random()
    # And asyncio's event loop policy, made at its first use (asyncio.run, get_event_loop): written later, into
    # asyncio.events' namespace, it would break the guard's seal on the checks' world (see _guard.build).
    asyncio.get_event_loop_policy()
    # Likewise `_strptime`, which calls time.tzset() as it is imported (by the first time.strptime or
    # datetime.strptime), rewriting time.tzname (a correct P01 parsing a date in `increment` scored 0: red-team
    # pass 112); and the IPython shell of a solution that asks for one (`get_ipython()` in a function, at check
    # time): IPython writes the builtins (`display`) as it makes one.
    import _strptime  # noqa: F401
    if any("get_ipython" in (cell.get("source") or "") for cell in cells if cell["role"] == "solution"):
        student["get_ipython"]()
    _entropy.install()  # a solution's draws repeat in every grading (a seed asked for without one is drawn)
    weakref.finalize(_bound_before_the_guard, int).detach()  # finalize's class notes its atexit hook and registry
    own = [m for n, m in sys.modules.items() if isinstance(m, types.ModuleType) and n.startswith("course")]
    # Every module a test cell imports is watched as well: `bisect`, which P03's test imports and
    # calls at check time, was not in _STANDARD, and a solution that replaced `bisect.bisect` made a
    # worker's early work uncounted (red-team pass 99, route `p03_bisect_blinds_work_steps`, +2).
    watched = _STANDARD | frozenset(job["imports"])
    used = [m for n, m in sys.modules.items() if isinstance(m, types.ModuleType) and m not in own
            and n in watched]
    # A warning names the code that issued it (`stacklevel`) and keeps its registry in that code's
    # namespace, made at its first warning: made now, in every namespace the guard watches.
    for namespace in (*(vars(m) for m in (*own, *used)), tests):
        namespace.setdefault("__warningregistry__", {})
    __course_guard__ = _guard.build(  # noqa: F841 (found on this frame by _guard.find)
        own=own, used=used, fixed=[(names, True), (table, True), (tests, False)], watched=[tests],
        genuine=[_runner.explore, _runner.run], runner=[_runner._check],
        audit=True, tests=[c for cell in cells if cell["role"] == "test" for c, _, _ in cell["code"]], secret=secret)
    guard = __course_guard__
    given = None  # the student's namespace as the setup and given cells left it (see below)
    held: tuple = ()  # the test cells that held so far, for the test cells' `__held__` (see _held)
    __course_cell__ = None
    loop = None  # the student's cells' loop, made when a cell first awaits at top level

    sys.stdout, sys.stderr = _Stream(outputs, "stdout"), _Stream(outputs, "stderr")
    for cell in cells:
        outputs.items.clear()
        code = cell["code"]
        if cell["role"] == "solution" and given is None:
            # What the setup and given cells bound in the student's namespace, before any solution
            # ran: a test finds the student's copy of a given function there, whatever the solution
            # later calls it (an alias, `del`). A tuple of (name, object) pairs, kept here and put
            # back before each test cell (a solution reaches the test cells' namespace through the
            # functions of their given cells; a MappingProxyType hands its dict to `x.__eq__`).
            given = tuple(student.items())
        if cell["role"] != "test":
            if code is None:
                continue
            try:
                if code.co_flags & CO_COROUTINE:
                    loop = loop or asyncio.new_event_loop()
                    loop.run_until_complete(eval(code, student))
                else:
                    exec(code, student)
            except BaseException as exc:
                _note_stopped(cell, code, exc)
            left = as_tuple(items_of(student))
            continue
        setrecursionlimit(recursion_limit)  # a solution's sys.setrecursionlimit(...) is its own business
        # The test cells' namespace changes only by their own statements: until this cell ends, by the
        # names its code stores, and by `__given__`, put there by main. Anything else put there since
        # the last test cell ended (by the solution cell, a finalizer, a thread: a class or function
        # defined there leads to this namespace) is put back, and this cell fails.
        # Each statement of the cell runs on its own, and only the names the one running stores may
        # change meanwhile: a name an earlier statement stored (`require`, imported at the top),
        # replaced since by a finalizer, a thread or a solution function the cell called, is put back
        # as the next statement begins (or the cell ends), and this cell fails.
        statements = code
        planted = guard.begin(statements[0][2] if statements else _NO_NAMES,
                              {"__given__": given if given is not None else tuple(student.items()),
                               "__held__": held})
        guard.restore()
        if left is not None:
            _resolve(resolver, fill, left, made.send, sealer.send)
            left = None
        errors: list[dict[str, Any]] = []
        shown: list[dict[str, Any]] = []
        started = clock()
        quiet = None  # (see _quiet: while a statement that stores names runs, until the guard has taken them)
        try:
            for index, (code, last, stores) in enumerate(statements):
                if index:
                    planted += guard.begin(stores, None, True)
                    quiet, planted = None, planted + _loud(quiet)
                __course_cell__ = code
                if stores:
                    quiet = _quiet()
                if last:
                    value = eval(code, tests)
                    if value is not None:
                        shown.append({"output_type": "display_data", "data": {"text/plain": repr(value)},
                                      "metadata": {}})
                else:
                    exec(code, tests)
        except BaseException as exc:
            guard.restore()
            errors.append(_error(exc))
            del exc
        __course_cell__ = None  # noqa: F841 (read by _guard.find through this frame)
        # What this cell's statements stored is taken as it is now (a name defined after its last
        # check, which a later cell may read); anything else changed since the last check began, put back.
        planted += guard.begin(_NO_NAMES)
        quiet, planted = None, planted + _loud(quiet)
        guard.restore()
        if planted:
            named = ", ".join(planted[:3]) + (f" and {len(planted) - 3} more" if len(planted) > 3 else "")
            errors.append(_error(CheckFailed(
                f"your code changed the test cells' namespace ({named}); it was put back, and this test cell fails: "
                "the tests' names change only by their own statements")))
        try:
            handed = made.send(drain)
        except BaseException:  # closed by a solution: nothing it made can be vouched for
            handed = [closed]
        for entry in handed:
            if entry is closed:
                why = "the checks' record of what the tests made was closed"
            elif type(entry) is not tuple or len(entry) != 5 or not _contract_seal.is_record(entry[4]):
                continue  # sent by a solution: nothing of the tests'
            else:
                obj, cls, name, methods, sealed = entry
                why = _names.broken_contract(obj, cls, name, methods, sealed)
            if why is not None:
                errors.append(_error(_names.MissingName(why + " (when the test cell ended)")))
                break
        verdicts = [list(v) for v in guard.verdicts()]
        kept_outputs = list(outputs.items)
        if not cell.get("source"):
            # A hidden test shows its verdict and failure message only: what was printed while it
            # ran is counted by the grader, not shown, and nothing else made then is reported (a
            # solution holding the display hook, or this list, showed what it liked under a hidden
            # test's heading: red-team pass 51).
            kept_outputs = [o for o in kept_outputs if type(o) is dict and type(o.get("output_type")) is str
                            and o["output_type"] == "stream"]
        # The seal on the checks' world (see _guard.build): broken during this cell, it fails it, whatever
        # the verdicts say (recorded before the break, or made by code a fake changed: `list`, `_held`). Made
        # here of literals alone, after everything else this cell reports, with nothing a solution replaces.
        broken = guard.broken()
        if broken:
            evalue = ("your code changed what the checks run on after the tests began (" + ", ".join(broken[:3])
                      + "); from then on no check can vouch for what it saw, and each fails")
            errors = errors + [{"output_type": "error", "ename": "CheckFailed", "evalue": evalue,
                                "traceback": ["CheckFailed: " + evalue]}]
        if _held(errors, verdicts) and not broken:
            held += (cell["id"],)
        report({"id": cell["id"], "outputs": kept_outputs + shown + errors, "verdicts": verdicts,
                "seconds": clock() - started})
    report({"done": True})


#: The standard library the checks run on: its functions and classes are watched by the guard, with
#: every module a test cell imports (see main). (Not the rest: I/O, parsing and the event loop's
#: transports are not on any check's path.)
class _Probe:
    """Something `weakref.finalize` can watch (see main)."""


_bound_before_the_guard = _Probe()

_STANDARD = frozenset({
    "asyncio", "asyncio.base_events", "asyncio.events", "asyncio.futures", "asyncio.tasks", "asyncio.locks",
    "asyncio.queues", "asyncio.timeouts", "asyncio.taskgroups", "asyncio.exceptions", "asyncio.coroutines",
    "asyncio.base_futures", "asyncio.base_tasks", "asyncio.mixins", "asyncio.runners",
    "asyncio.format_helpers", "_asyncio", "builtins", "sys", "time", "random", "_random", "collections",
    "_collections", "heapq", "_heapq", "math", "inspect", "functools", "_functools", "contextlib",
    "threading", "_thread", "traceback", "linecache", "types", "operator", "_operator", "itertools",
    "weakref", "_weakrefset", "warnings", "json", "json.encoder", "_json",
    # (the guard, the runner and the sweeps call it: its `get_referents` replaced blinded the guard to the
    # test cells' classes, red-team pass 114)
    "gc",
    # (its classes are the checks' virtual-clock ones while checks run: see _isolation.SWAPPED)
    "datetime"})


if __name__ == "__main__":
    main()
