"""Grading in isolation, proved with the real nbgrader CLI, real kernels and the real sandbox.

One class is graded once (one `nbgrader autograde` run, to keep CI time low):
a reference student, a classmate, and one attacker per kind of hostile or
self-destructive solution. Each attacker hands in all three notebooks: P01's
notebook with the reference solutions, except `p01_solution`, which holds the
attack; the other two as released, placeholders unsolved (an attack that
raised its author's score anywhere shows there as points for a placeholder;
the reference student and the classmate, graded after every attacker, hold
reference solutions everywhere, and show any score an attack lowered).

The fair outcome, asserted for every attacker:

- P02 and P03 score exactly what the reference student scores, cell by
  cell; every cell of the other two notebooks scores 0;
- P01 scores what its code deserves (see `attacks()`: which P01 checks must
  fail, and why, per attacker);
- no notebook is dropped: all three are graded for every attacker;
- nothing outlives grading (no `sleep <marker>` process), and the course's
  `source/`, `release/`, `nbgrader_config.py`, everyone's `submitted/` files
  and the instructor's part of the gradebook are unchanged;
- the P01 test cells of the exit, kill and spin attackers carry an error
  output saying what happened.

Students are graded in the order of their ids: every `atk-*` attacker comes
before `ref` and `zz-classmate`, so both are graded after the gradebook
attacker and would show any change it made to the hidden tests. The class
has one check server (`check_workers = 1`), so every problem's checks, of
every student, run in the sandbox the attackers' ran in; `zz-probe`, graded
last, holds a P01 solution that fails if it finds anything an earlier job
left there (a process, a file, its server's limits lowered).

Then runs with the configuration changed: without bubblewrap, or without
cgroups, grading refuses to start; with the sandbox turned off it grades and
says, in the log and in every graded notebook, that it was not isolated; with
the sandboxes' cgroups turned off, that the class did not share the CPU fairly.
"""

from __future__ import annotations

import ast
import hashlib
import os
import re
import secrets
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ASSIGNMENT, NOTEBOOKS, SOURCE, Course, cells_by_grade_id, error_text, gradebook_state, load
from test_submissions import HERE as SUBMISSIONS, _expectation, _released, build_submission

from course.grading.execute_isolated import GRADING_NOTES_CELL_ID
from course.grading.sandbox import NOT_FAIR, NOT_ISOLATED

pytestmark = pytest.mark.slow

NAME = "1_easy.ipynb"  # P01's notebook
P01_TESTS = sorted(gid for gid, cell in cells_by_grade_id(load(SOURCE / NAME)).items()
                   if gid.startswith("p01_test_"))
REFERENCE = "ref"
CLASSMATE = "zz-classmate"  # sorts after every attacker: graded after the gradebook attacker
# `sleep <MARKER>`: the orphan a solution starts, found on the host by its command line.
MARKER = str(10**8 + secrets.randbelow(10**8))
# This test's process: code that would harm the machine if it ran unconfined
# (os.kill(-1, SIGKILL) as root kills every process) first checks that it
# cannot see it, and refuses otherwise, so a broken sandbox fails the test
# instead of taking the machine down.
GUARD = f"""import os as _os
if _os.path.exists("/proc/{os.getpid()}"):
    raise RuntimeError("not sandboxed (the grader's processes are visible): refusing to run this attack")
"""

# What the grading timeouts become in the class's course copy, and why: the
# signals-off spin is stopped in the kernel only by Execute.timeout (its demo
# cell runs it in the main thread, with the alarm of `time_limit` turned off),
# so that one cell costs the whole timeout, nbgrader's default 30 s (10 s would
# save 20 s of CI). Every other kernel cell of the course runs in well under a second (a
# reference submission's ~100 kernel cells take ~2 s), but the memory bomb's
# demo fills the kernel's memory cap first: with the suite's three workers and
# the other Pythons' runs beside it (a load average of 12 on 2 cores), it once
# took over 10 s and was stopped before its MemoryError. Check processes keep
# the default problem_timeout (60 s): the harness stops a spinning callback
# after 1 s of CPU and a run that yields after 100,000 steps (1-2.5 s), so no
# attacker here reaches it.
CELL_TIMEOUT = "\nc.Execute.timeout = 30\n"
# One check server for the whole class (the default is two): every student's checks, the
# attackers' included, then run one after another in the same sandbox, which must be put
# back as it was between any two of them.
ONE_SERVER = "c.ExecuteIsolated.check_workers = 1\n"


def unsolved(name: str):
    """Notebook `name` as released: every solution cell the placeholder (a student who skipped it)."""
    return build_submission(name, _released(name))


def reference_solution(grade_id: str = "p01_solution") -> str:
    return cells_by_grade_id(build_submission(NAME, {}))[grade_id].source


CORRECT = reference_solution()
NO_LOCK = (SUBMISSIONS / "p01" / "buggy_no_lock.py").read_text()
NO_LOCK_FAILS = _expectation(SUBMISSIONS / "p01" / "buggy_no_lock.py")

SHADOWED = ("set", "min", "len", "print", "isinstance")


def _names_used(source: str) -> set[str]:
    """Every name a cell's code reads (its functions' bodies included)."""
    return {node.id for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)}


@dataclass
class Attack:
    """One attacker's p01_solution and the outcome that is fair for it."""

    code: str
    fails: set[str]  # P01 test cells that must score 0; every other P01 test cell full marks
    why: str  # why that outcome is the fair one
    explains: tuple[str, ...] = ()  # each failing P01 test cell's error must contain one of these
    kernel_error: tuple[str, str] | None = None  # (grade id, ename) of the kernel cell that says what happened


def attacks(course_path: Path) -> dict[str, Attack]:
    everything = set(P01_TESTS)
    course_root = str(course_path)
    return {
        "exit-in-increment": Attack(
            "async def increment(counter, lock, n):\n"
            "    raise SystemExit('increment refuses to count')\n",
            everything, "increment never counts (it raises SystemExit)",
            explains=("SystemExit",), kernel_error=("p01_demo", "KernelDied")),
        "exit-in-task": Attack(
            "import sys\n\n\n"
            "async def increment(counter, lock, n):\n"
            "    async def leave():\n"
            "        sys.exit('a task of increment called sys.exit()')\n"
            "    await asyncio.create_task(leave())\n",
            everything, "increment never counts (a task it starts calls sys.exit())",
            explains=("SystemExit",), kernel_error=("p01_demo", "KernelDied")),
        "os-exit": Attack(
            "import os\nos._exit(1)\n\n" + CORRECT,
            everything, "the cell ends its process before increment is defined",
            explains=("Check process ended", "exit status 1"),
            kernel_error=("p01_solution", "KernelDied")),
        "spin-signals-off": Attack(
            "import contextlib\nimport signal\n\n\n"
            "async def increment(counter, lock, n):\n"
            "    signal.alarm(0)\n"
            "    with contextlib.suppress(ValueError):  # signal.signal() works only in the main thread\n"
            "        signal.signal(signal.SIGALRM, signal.SIG_IGN)\n"
            "        signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
            "    while True:\n"
            "        pass\n",
            everything, "increment never ends",
            explains=("CPU time", "Time limit"),
            kernel_error=("p01_demo", "KernelStopped")),
        "shadow-builtins": Attack(
            CORRECT + "\n\nset = {1, 2, 3}\nmin = 0\nlen = 0\nprint = 'print'\nisinstance = None\n",
            set(), "increment is correct; test cells read the builtins from a copy of their own, and "
                   "the student's names only for what builtins do not define"),
        "gradebook": Attack(
            _gradebook_attack(course_root) + "\n\n" + CORRECT,
            set(), "increment is correct, and every attempt on the course's files fails "
                   "(if one succeeded, the cell raises before defining increment)"),
        "orphan-sleep": Attack(
            "import subprocess\n"
            f"_sleeper = subprocess.Popen(['sleep', '{MARKER}'], start_new_session=True)\n"
            "print('sleep started:', _sleeper.poll() is None)\n\n" + CORRECT,
            set(), "increment is correct; the orphan only has to die with its sandbox"),
        "memory-bomb": Attack(
            "hog = []\nwhile True:\n    hog.append(b'x' * (64 * 2**20))\n\n" + CORRECT,
            everything, "the cell never gets past its memory bomb (MemoryError), so increment is not defined",
            kernel_error=("p01_solution", "MemoryError")),
        "kill-grader": Attack(
            GUARD + "import signal\n"
            "for _target in (_os.getppid(), -1):\n"
            "    try:\n"
            "        _os.kill(_target, signal.SIGKILL)\n"
            "    except OSError as _exc:\n"
            "        print('kill', _target, 'failed:', _exc)\n\n" + CORRECT,
            set(), "increment is correct; the kills reach nothing outside the sandbox, nor the process itself"),
        "kill-self": Attack(
            GUARD + "import signal\n\n\n"
            "async def increment(counter, lock, n):\n"
            "    for target in (_os.getppid(), -1):  # contained: they reach nothing\n"
            "        try:\n"
            "            _os.kill(target, signal.SIGKILL)\n"
            "        except OSError:\n"
            "            pass\n"
            "    _os.kill(_os.getpid(), signal.SIGKILL)\n",
            everything, "increment kills its own process",
            explains=("Check process ended", "exit status -9"),
            kernel_error=("p01_demo", "KernelDied")),
        "leave-behind": Attack(
            GUARD + LEAVE_BEHIND + "\n\n" + CORRECT,
            set(), "increment is correct; what it leaves (processes, files, a locked folder, its server's "
                   "limits lowered) is gone before the next problem's checks, anyone's, start"),
        "recursion-limit": Attack(
            CORRECT + "\n\nimport sys\nsys.setrecursionlimit(10)\n",
            set(), "increment is correct; Python refuses a recursion limit below the current depth "
                   "(RecursionError at that line, the limit unchanged), so the checks run as usual"),
        "output-flood": Attack(
            "import sys\n_chunk = 'x' * (8 << 20)\nfor _ in range(6):\n    sys.stdout.write(_chunk)\n"
            "    sys.stdout.flush()\n\n" + CORRECT,
            set(), "increment is correct; the 48 MiB the cell prints are cut to the kernel cell's cap, "
                   "and nothing else changes"),
        "metadata-flood": Attack(
            "import sys\n_shell = sys.modules['IPython'].get_ipython() if 'IPython' in sys.modules else None\n"
            "if _shell is not None:  # in the kernel: 12 outputs of one dot, each with 8 MiB of metadata\n"
            "    from IPython.display import publish_display_data\n"
            "    _pad = 'x' * (8 << 20)\n"
            "    for _ in range(12):\n"
            "        publish_display_data({'text/plain': '.'}, metadata={'pad': _pad})\n\n" + CORRECT,
            set(), "increment is correct; what the kernel cell shows is capped whatever part of the "
                   "message carries it"),
        "execution-count": Attack(
            "import sys as _sys\n"
            "if 'ipykernel' in _sys.modules:  # the kernel's own IOPub message, for the running cell\n"
            "    _kernel = get_ipython().kernel\n"
            "    _kernel.session.send(_kernel.iopub_socket, 'execute_input',\n"
            "                         {'code': '', 'execution_count': '<img src=x onerror=alert(1)>'},\n"
            "                         parent=_kernel.get_parent('shell'))\n"
            "    _kernel.session.send(_kernel.iopub_socket, 'stream', {'bogus': 1},\n"
            "                         parent=_kernel.get_parent('shell'))\n\n" + CORRECT,
            set(), "increment is correct; a string execution count (nbconvert refused the notebook, and "
                   "nbgrader dropped the whole assignment: red-team pass 56) and a message nbclient cannot "
                   "take change only what the kernel cell shows"),
        "privileges": Attack(
            PRIVILEGES + "\n\n" + CORRECT,
            set(), "increment is correct, and the sandbox has no capability to remount the course package "
                   "or /usr read-write, or to mount a cgroup (if it had, the cell raises before defining "
                   "increment)"),
        "disk-fill": Attack(
            DISK_FILL + "\n\n" + CORRECT,
            set(), "increment is correct, and what the cell writes into HOME stops at the sandbox's cap, "
                   "in memory (if 512 MiB went through, the cell raises before defining increment)"),
        "loop-patch": Attack(
            NO_LOCK + "\n\n" + LOOP_PATCH,
            NO_LOCK_FAILS, "increment has no lock (buggy_no_lock.py): patching the loop class must not "
                           "hide the race from the checks"),
    }


# Everything a P01 solution can leave in its sandbox: a process in a session of its own, a
# daemon forked twice, files in every writable place, a folder nobody may enter; and, in a
# check process, its check server's limits and priority lowered (its parent is the server).
LEAVE_BEHIND = f"""import resource as _resource
import subprocess as _subprocess
_MARK = "left-{MARKER}"
for _folder in (_os.getcwd(), "/tmp", "/dev/shm", "/dev"):
    try:
        with open(_os.path.join(_folder, _MARK), "w") as _file:
            _file.write("secret")
    except OSError:
        pass
_os.makedirs(_os.path.join(_MARK + "-locked", "deeper"))
_os.chmod(_os.path.join(_MARK + "-locked", "deeper"), 0)
_os.chmod(_MARK + "-locked", 0)
_subprocess.Popen(["sleep", "{MARKER}"], start_new_session=True)
if _os.fork() == 0:
    _os.setsid()
    if _os.fork() == 0:
        import select
        select.select([], [], [])
    _os._exit(0)
_os.wait()
for _attempt in (lambda: _resource.prlimit(_os.getppid(), _resource.RLIMIT_NOFILE, (16, 16)),
                 lambda: _os.setpriority(_os.PRIO_PROCESS, _os.getppid(), 19)):
    try:
        _attempt()
    except OSError:
        pass
"""

# Graded as root, bubblewrap kept every capability inside its sandboxes: a solution remounted
# the course package read-write and planted code nbgrader later imported as root, and mounted
# its own cgroup to lift its caps. In the kernel and the check process alike, this cell raises
# before increment is defined if it holds any capability or any of those mounts works.
PRIVILEGES = """import ctypes as _ctypes
import os as _os
import sys as _sys

import course as _course

_libc = _ctypes.CDLL(None, use_errno=True)
_libc.mount.argtypes = [_ctypes.c_char_p] * 3 + [_ctypes.c_ulong, _ctypes.c_char_p]
_header, _sets = (_ctypes.c_uint32 * 2)(0x20080522, 0), (_ctypes.c_uint32 * 6)()
_libc.capget(_header, _sets)
_found = [f"capability set {_i}: {_v:#x}" for _i, _v in enumerate(_sets) if _v]
_found += [f"bounding set holds {_c}" for _c in range(64) if _libc.prctl(23, _c, 0, 0, 0) == 1]
if _os.path.exists("/proc/self/status"):
    _found += [_line.strip() for _line in open("/proc/self/status")
               if _line.startswith("CapEff") and _line.split()[1].strip("0")]
for _path in (_os.path.dirname(_course.__file__), _sys.prefix, "/usr"):
    if _libc.mount(None, _path.encode(), None, 32 | 4096, None) == 0:  # MS_REMOUNT | MS_BIND: read-write
        _found.append("remounted " + _path + " read-write")
_os.makedirs("/tmp/cg-pids", exist_ok=True)
if _libc.mount(b"none", b"/tmp/cg-pids", b"cgroup", 0, b"pids") == 0:
    _found.append("mounted its cgroup")
if _found:
    raise RuntimeError(f"the sandbox is privileged: {_found}")
"""

# HOME was the scratch folder on the host's disk, uncapped: this cell raises before increment is
# defined if 512 MiB of files go through without ENOSPC (or EFBIG), then removes what it wrote.
DISK_FILL = """import errno as _errno
import os as _os

_files, _written, _stopped = [], 0, None
try:
    while _written < 512 << 20:
        _files.append(_os.path.join(_os.environ["HOME"], f"fill-{len(_files)}"))
        with open(_files[-1], "wb", buffering=0) as _file:
            for _ in range(4):
                _written += _file.write(b"x" * (1 << 20))
except OSError as _exc:
    _stopped = _errno.errorcode.get(_exc.errno)
finally:
    for _name in _files:
        _os.remove(_name)
print("HOME took", _written >> 20, "MiB, then", _stopped)
if _stopped not in ("ENOSPC", "EFBIG"):
    raise RuntimeError(f"HOME took {_written >> 20} MiB without a cap")
"""

# A check process that finds anything an earlier job left (on the same check server:
# the class is graded with one) gets an increment that raises, saying what it found (PROBE_SAYS,
# after the correct one), and so scores 0 on P01, with the finding in each P01 test's feedback.
PROBE = f"""import os as _os
_left = []
if not _os.path.exists("/proc/self"):  # a check process (a kernel's sandbox has /proc)
    import resource as _resource
    import threading as _threading
    _mine = {{1, _os.getpid()}} | {{_t.native_id for _t in _threading.enumerate()}}

    def _alive(pid):
        try:
            _os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass
        return True

    _left += [f"pid {{pid}}" for pid in range(1, 1 << 16) if pid not in _mine and _alive(pid)]
    # (`.devices`: the sandbox's own /dev/null and the like, graded as root: see sandbox.py)
    _left += [n for n in _os.listdir() if n != ".devices"] + _os.listdir("/dev/shm")
    _left += [n for n in (_os.listdir(".devices") if _os.path.isdir(".devices") else ())
              if n not in ("null", "zero", "full", "random", "urandom", "tty")]
    _left += [n for n in _os.listdir("/dev") if "{MARKER}" in n]
    def _stray(path):
        # What at `path` an earlier job could have left: anything but folders that lead only to
        # read-only binds (the Python environment and the course, where they are under /tmp).
        if not _os.path.islink(path) and _os.statvfs(path).f_flag & _os.ST_RDONLY:
            return []
        if _os.path.islink(path) or not _os.path.isdir(path) or not _os.listdir(path):
            return [path]
        return [_s for _n in _os.listdir(path) for _s in _stray(_os.path.join(path, _n))]

    # /tmp and, where the scratch folder is deeper in it (a grader's own TMPDIR), each folder on
    # the way down hold only the way to the scratch folder (and to read-only binds).
    _way = _os.getcwd().split("/")
    _left += [_s for _i in range(2, len(_way)) if _way[1] == "tmp"
              for _n in _os.listdir("/".join(_way[:_i])) if _n != _way[_i]
              for _s in _stray("/".join(_way[:_i]) + "/" + _n)]
    _left += [] if _way[1] == "tmp" else [_s for _n in _os.listdir("/tmp") for _s in _stray("/tmp/" + _n)]
    if _resource.getrlimit(_resource.RLIMIT_NOFILE)[0] == 16 or _os.getpriority(_os.PRIO_PROCESS, 0) == 19:
        _left.append("its server's limits")

"""
PROBE_SAYS = """

if _left:
    async def increment(counter, lock, n):
        raise RuntimeError(f"an earlier job left: {_left}")
"""
PROBER = "zz-probe"  # graded last: after every attacker, on the same check server


def _gradebook_attack(course_root: str) -> str:
    """Try to rewrite the hidden tests in the gradebook and to read or change the course's files.

    Prints what each attempt gave; raises before increment is defined if any
    succeeded, so a leak costs P01's points in the check process too, where
    the output of the solution cell is not kept.
    """
    return f'''import json
import sqlite3

COURSE = {course_root!r}


def _attempt(action):
    try:
        action()
        return "SUCCEEDED"
    except Exception as exc:
        return f"{{type(exc).__name__}}: {{exc}}"


def _rewrite_hidden_tests(path):
    db = sqlite3.connect(path)
    try:
        changed = db.execute("UPDATE source_cell SET source = 'pass' WHERE name LIKE 'p%_test_%'").rowcount
        db.commit()
        assert changed, "no hidden test found to rewrite"
    finally:
        db.close()


def _read(path):
    with open(path, "rb") as f:
        assert f.read(1)


def _append(path):
    with open(path, "r+b") as f:
        f.seek(0, 2)
        f.write(b"\\n")


_attempts = {{
    "rewrite ../../../gradebook.db": _attempt(lambda: _rewrite_hidden_tests("../../../gradebook.db")),
    "rewrite <course>/gradebook.db": _attempt(lambda: _rewrite_hidden_tests(COURSE + "/gradebook.db")),
    "read source/ (relative)": _attempt(lambda: _read("../../../source/{ASSIGNMENT}/1_easy.ipynb")),
    "read <course>/source/": _attempt(lambda: _read(COURSE + "/source/{ASSIGNMENT}/1_easy.ipynb")),
    "read <course>/nbgrader_config.py": _attempt(lambda: _read(COURSE + "/nbgrader_config.py")),
    "append to <course>/nbgrader_config.py": _attempt(lambda: _append(COURSE + "/nbgrader_config.py")),
    "append to a classmate's submission": _attempt(
        lambda: _append(COURSE + "/submitted/{CLASSMATE}/{ASSIGNMENT}/1_easy.ipynb")),
}}
print("Sandbox probe:", json.dumps(_attempts, indent=1))
if "SUCCEEDED" in _attempts.values():
    raise RuntimeError("the grading sandbox let some attempts through: " + json.dumps(_attempts))
'''


# A racy increment's author tries to make the checks' loop skip every
# scenario: asyncio.BaseEventLoop is replaced by a subclass whose
# run_until_complete cancels what it is given and returns None, and the real
# class (which the checks' loop, made before the solution runs, inherits from)
# gets the same run_until_complete. The checks must still see the race.
LOOP_PATCH = '''import asyncio
import asyncio.base_events

_real_run_until_complete = asyncio.base_events.BaseEventLoop.run_until_complete


def _skip_the_scenario(self, future):
    future = asyncio.ensure_future(future, loop=self)
    future.cancel()
    try:
        return _real_run_until_complete(self, future)
    except BaseException:
        return None


class _LenientLoop(asyncio.base_events.BaseEventLoop):
    run_until_complete = _skip_the_scenario


asyncio.BaseEventLoop = _LenientLoop
asyncio.base_events.BaseEventLoop.run_until_complete = _skip_the_scenario
'''


# --- the class, graded once --------------------------------------------------

def _digest(path: Path) -> dict[str, str]:
    """sha256 of every file under `path` (or of `path` itself)."""
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    return {str(p.relative_to(path.parent)): hashlib.sha256(p.read_bytes()).hexdigest() for p in files}


# The gradebook tables the instructor's generate_assignment wrote (cells,
# their sources with the hidden tests, points, checksums); autograde only
# reads them. The others (students, submissions, grades, comments) are what
# autograde writes, so the database file itself cannot stay byte-identical.
INSTRUCTOR_TABLES = ("alembic_version", "assignment", "base_cell", "course", "grade_cells", "notebook",
                     "solution_cells", "source_cell", "task_cells")


def _instructor_tables(course_path: Path) -> dict[str, list[tuple]]:
    db = sqlite3.connect(f"file:{course_path / 'gradebook.db'}?mode=ro", uri=True)
    try:
        return {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in INSTRUCTOR_TABLES}
    finally:
        db.close()


def _course_state(course_path: Path) -> dict:
    return {"files": {**_digest(course_path / "source"), **_digest(course_path / "release"),
                      **_digest(course_path / "nbgrader_config.py"), **_digest(course_path / "submitted")},
            "gradebook": _instructor_tables(course_path)}


def _sleepers() -> list[int]:
    """Host pids of `sleep <MARKER>`."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                argv = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if argv[:2] == [b"sleep", MARKER.encode()]:
                found.append(int(entry.name))
    return found


@dataclass
class Graded:
    course: Course
    scores: dict
    attacks: dict[str, Attack]
    before: dict
    after: dict
    sleepers: list[int]
    scratch_left: list[str]


@pytest.fixture(scope="module")
def graded_class(prepared_course, tmp_path_factory, request) -> Graded:
    course = Course(tmp_path_factory.mktemp("isolation") / "course")
    shutil.copytree(prepared_course, course.path)
    with open(course.path / "nbgrader_config.py", "a") as config:
        config.write(CELL_TIMEOUT + ONE_SERVER)
    class_attacks = attacks(course.path)
    course.submit(PROBER, {name: build_submission(name, {"p01_solution": PROBE + CORRECT + PROBE_SAYS} if name == NAME else {})
                           for name in NOTEBOOKS})
    course.submit(REFERENCE, {name: build_submission(name, {}) for name in NOTEBOOKS})
    course.submit(CLASSMATE, {name: build_submission(name, {"p01_solution": NO_LOCK} if name == NAME else {})
                              for name in NOTEBOOKS})
    for kind, attack in class_attacks.items():
        course.submit(f"atk-{kind}", {name: build_submission(name, {"p01_solution": attack.code})
                                      if name == NAME else unsolved(name) for name in NOTEBOOKS})
    before = _course_state(course.path)
    # The grader's own temporary folder, where the sandboxes' scratch folders are made: nothing
    # else on the machine writes there, so what is left in it after grading is the grader's. (Short,
    # in /tmp: under pytest's deep folders a kernel's sockets would not fit in a Unix socket's path,
    # and the grader would make its scratch folders in /tmp instead, where this test cannot see them.)
    grader_tmp = Path(tempfile.mkdtemp(prefix="grader-tmp-", dir="/tmp"))
    request.addfinalizer(lambda: shutil.rmtree(grader_tmp, ignore_errors=True))
    try:
        scores = course.autograde(env={"TMPDIR": str(grader_tmp)})  # fails the test unless nbgrader exits 0
    finally:
        sleepers = _sleepers()
        for pid in sleepers:  # never leave one behind, even when a test fails
            try:
                os.kill(pid, 9)
            except ProcessLookupError:
                pass
    return Graded(course, scores, class_attacks, before, _course_state(course.path), sleepers,
                  sorted(p.name for p in grader_tmp.iterdir()))


def _graded_cells(graded: Graded, student: str, name: str):
    return cells_by_grade_id(graded.course.graded_notebook(student, name))


def test_the_reference_student_gets_full_marks(graded_class):
    scores = graded_class.scores[REFERENCE]
    assert sorted(scores) == sorted(n.removesuffix(".ipynb") for n in NOTEBOOKS)
    for notebook, cells in scores.items():
        assert cells
        graded = _graded_cells(graded_class, REFERENCE, notebook + ".ipynb")
        for grade_id, cell in cells.items():
            assert cell.score == cell.max_score > 0, f"{notebook}:{grade_id}: {error_text(graded[grade_id])}"


@pytest.mark.parametrize("kind", sorted(attacks(Path("/course"))))
def test_an_attack_costs_only_its_own_problem(graded_class, kind):
    attack = graded_class.attacks[kind]
    student = f"atk-{kind}"
    scores = graded_class.scores.get(student, {})
    assert sorted(scores) == sorted(n.removesuffix(".ipynb") for n in NOTEBOOKS), (
        f"{kind}: notebooks dropped, not graded (graded: {sorted(scores)})")
    reference = graded_class.scores[REFERENCE]
    wrong = []
    for notebook, cells in scores.items():
        graded = _graded_cells(graded_class, student, notebook + ".ipynb")
        assert set(cells) == set(reference[notebook]), f"{kind}: {notebook} lost graded cells"
        for grade_id, cell in sorted(cells.items()):
            if grade_id.startswith("p01_"):
                expected = 0 if grade_id in attack.fails else cell.max_score
                why = attack.why
            elif notebook + ".ipynb" == NAME:
                expected, why = reference[notebook][grade_id].score, "the reference student's score"
            else:
                expected, why = 0, "the released placeholder, unsolved"
            if cell.score != expected:
                wrong.append(f"{notebook}:{grade_id} scored {cell.score}/{cell.max_score}, expected {expected} "
                             f"({why}): {error_text(graded[grade_id]) or 'no error shown'}")
    assert not wrong, f"{kind}:\n" + "\n".join(wrong)


EXPLAINED = sorted(kind for kind, attack in attacks(Path("/course")).items() if attack.explains)


@pytest.mark.parametrize("kind", EXPLAINED)
def test_a_p01_check_that_could_not_run_says_what_happened(graded_class, kind):
    attack = graded_class.attacks[kind]
    graded = _graded_cells(graded_class, f"atk-{kind}", NAME)
    for grade_id in sorted(attack.fails):
        errors = [o for o in graded[grade_id].outputs if o.get("output_type") == "error"]
        assert errors, f"{kind}: {grade_id} has no error output: {graded[grade_id].outputs}"
        text = error_text(graded[grade_id])
        assert any(word in text for word in attack.explains), (
            f"{kind}: {grade_id}'s error does not say what happened (expected one of {attack.explains}): {text}")


KERNEL_ERRORS = sorted(kind for kind, attack in attacks(Path("/course")).items() if attack.kernel_error)


@pytest.mark.parametrize("kind", KERNEL_ERRORS)
def test_the_kernel_cell_where_it_happened_says_so(graded_class, kind):
    grade_id, ename = graded_class.attacks[kind].kernel_error
    cell = _graded_cells(graded_class, f"atk-{kind}", NAME)[grade_id]
    enames = [o.get("ename") for o in cell.outputs if o.get("output_type") == "error"]
    assert ename in enames, f"{kind}: {grade_id} shows {enames}, not {ename}: {error_text(cell)}"


def test_a_flood_of_kernel_output_is_cut_to_the_cells_cap(graded_class):
    """nbclient keeps all a kernel cell shows: uncapped, 48 MiB printed took nbgrader's memory
    to ~6 bytes per byte printed and went into the graded notebook."""
    cell = _graded_cells(graded_class, "atk-output-flood", NAME)["p01_solution"]
    text = "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream")
    assert len(text) <= 4 * 1024**2 + 1024, len(text)
    assert "more bytes of output were dropped" in text, text[-300:]
    for attacker in ("atk-output-flood", "atk-metadata-flood"):
        path = graded_class.course.path / "autograded" / attacker / ASSIGNMENT / NAME
        assert path.stat().st_size < 6 * 1024**2, (attacker, path.stat().st_size)
    cell = _graded_cells(graded_class, "atk-metadata-flood", NAME)["p01_solution"]
    assert "more bytes of output were dropped" in "".join(o.get("text", "") for o in cell.outputs)


def test_what_a_kernel_sends_leaves_the_graded_notebook_valid(graded_class):
    nb = graded_class.course.graded_notebook("atk-execution-count", NAME)
    cell = cells_by_grade_id(nb)["p01_solution"]
    assert cell.execution_count is None or type(cell.execution_count) is int, cell.execution_count
    assert "could not be taken and were dropped" in str(cell.outputs), cell.outputs


def test_the_gradebook_attacker_reads_and_changes_nothing(graded_class):
    solution = _graded_cells(graded_class, "atk-gradebook", NAME)["p01_solution"]
    printed = "".join(o.get("text", "") for o in solution.outputs if o.get("output_type") == "stream")
    assert "Sandbox probe:" in printed, f"the probe did not run: {solution.outputs}"
    assert "SUCCEEDED" not in printed, printed
    shown = "".join(str(o) for cell in graded_class.course.graded_notebook("atk-gradebook", NAME).cells
                    if not cell.metadata.get("nbgrader", {}).get("grade") for o in cell.get("outputs", []))
    assert "BEGIN HIDDEN TESTS" not in shown


def test_a_classmate_graded_after_the_gradebook_attacker_is_graded_fairly(graded_class):
    """Reference solutions except P01's, the race of buggy_no_lock.py: rewritten hidden tests
    would give it P01's points (tests that always pass) or cost it the others (tests that fail)."""
    scores, reference = graded_class.scores[CLASSMATE], graded_class.scores[REFERENCE]
    assert sorted(scores) == sorted(reference)
    for notebook, cells in scores.items():
        graded = _graded_cells(graded_class, CLASSMATE, notebook + ".ipynb")
        for grade_id, cell in cells.items():
            expected = 0 if grade_id in NO_LOCK_FAILS else reference[notebook][grade_id].score
            assert cell.score == expected, f"{notebook}:{grade_id} scored {cell.score}, expected {expected}: " \
                                           f"{error_text(graded[grade_id])}"


def test_a_student_graded_after_every_attacker_finds_nothing_they_left(graded_class):
    """On the one check server of the class, the prober's P01 checks start after every
    attacker's (leave-behind's daemons, files and lowered limits included) and fail if they see
    any of it."""
    scores, reference = graded_class.scores[PROBER], graded_class.scores[REFERENCE]
    assert sorted(scores) == sorted(reference)
    for notebook, cells in scores.items():
        graded = _graded_cells(graded_class, PROBER, notebook + ".ipynb")
        for grade_id, cell in cells.items():
            assert cell.score == reference[notebook][grade_id].score, (
                f"{notebook}:{grade_id} scored {cell.score}: {error_text(graded[grade_id])}")


def test_nothing_a_solution_started_outlives_grading(graded_class):
    started = _graded_cells(graded_class, "atk-orphan-sleep", NAME)["p01_solution"]
    assert "sleep started: True" in str(started.outputs), f"the orphan was never started: {started.outputs}"
    assert not graded_class.sleepers, f"`sleep {MARKER}` outlived grading: pids {graded_class.sleepers}"


def test_no_sandbox_leaves_its_scratch_folder_behind(graded_class):
    # Kernels that died (exit-in-increment, exit-in-task ...) once left theirs in /tmp.
    assert not graded_class.scratch_left, f"scratch folders left after grading: {graded_class.scratch_left}"


def test_the_courses_files_and_hidden_tests_are_unchanged(graded_class):
    before, after = graded_class.before, graded_class.after
    changed = sorted(path for path in before["files"].keys() | after["files"].keys()
                     if before["files"].get(path) != after["files"].get(path))
    assert not changed, f"grading changed these course files: {changed}"
    for table in INSTRUCTOR_TABLES:
        assert before["gradebook"][table] == after["gradebook"][table], f"gradebook table {table} changed"


# --- the configuration: no bubblewrap, and the sandbox turned off ------------------------

def test_without_bubblewrap_grading_refuses_and_records_no_score(graded_course):
    with open(graded_course.path / "nbgrader_config.py", "a") as config:
        config.write('\nc.Sandbox.bwrap = "/nonexistent/bwrap"\n')
    graded_course.submit("someone", {name: build_submission(name, {}) for name in NOTEBOOKS})
    graded_course.autograde(check=False)
    done = graded_course.last
    assert done.returncode != 0, f"autograde succeeded without bubblewrap:\n{done.stdout}\n{done.stderr}"
    log = done.stdout + done.stderr
    assert "SandboxUnavailable" in log and "`bubblewrap`" in log and "c.Sandbox.enabled = False" in log, log
    # nbgrader registers a submission before it converts the notebooks (as for any
    # notebook it fails to autograde); not one of its grades may have a score.
    scored = {(student, nb, grade): (auto, manual)
              for student, submission in gradebook_state(graded_course).items() if submission
              for nb, notebook in submission["notebooks"].items()
              for grade, (auto, manual, _needs_manual) in notebook["grades"].items()
              if auto is not None or manual is not None}
    assert not scored, f"scores were recorded without a sandbox: {scored}"
    assert not list((graded_course.path / "autograded").rglob("*.ipynb")), "graded notebooks were written"


def test_with_the_sandbox_off_grading_works_and_says_it_was_not_isolated(graded_course):
    with open(graded_course.path / "nbgrader_config.py", "a") as config:
        config.write("\nc.Sandbox.enabled = False\n")
    graded_course.submit("someone", {name: build_submission(name, {}) for name in NOTEBOOKS})
    scores = graded_course.autograde()
    log = graded_course.last.stdout + graded_course.last.stderr
    for name in NOTEBOOKS:
        cells = scores["someone"][name.removesuffix(".ipynb")]
        assert cells and all(c.score == c.max_score for c in cells.values()), f"{name}: {cells}"
        first = graded_course.graded_notebook("someone", name).cells[0]
        assert first.cell_type == "markdown" and first.get("id") == GRADING_NOTES_CELL_ID, first
        assert NOT_ISOLATED in first.source, first.source
        assert re.search(rf"someone/{re.escape(name.removesuffix('.ipynb'))}: {re.escape(NOT_ISOLATED)}", log), (
            f"the log does not say {name} was graded unisolated:\n{log}")


def test_without_cgroups_grading_refuses_naming_them_and_records_no_score(graded_course):
    with open(graded_course.path / "nbgrader_config.py", "a") as config:
        config.write('\nc.Sandbox.cgroup_fs = "/nonexistent/cgroup"\n')  # no cgroup file system there
    graded_course.submit("someone", {NAME: build_submission(NAME, {})})
    graded_course.autograde(check=False)
    done = graded_course.last
    assert done.returncode != 0, f"autograde succeeded without cgroups:\n{done.stdout}\n{done.stderr}"
    log = done.stdout + done.stderr
    assert "SandboxUnavailable" in log and "cgroup" in log and "c.Sandbox.cgroups = False" in log, log
    scored = {(student, nb, grade): (auto, manual)
              for student, submission in gradebook_state(graded_course).items() if submission
              for nb, notebook in submission["notebooks"].items() if nb == NAME.removesuffix(".ipynb")
              for grade, (auto, manual, _needs_manual) in notebook["grades"].items()
              if auto is not None or manual is not None}  # (the notebooks not handed in score 0)
    assert not scored, f"scores were recorded without cgroups: {scored}"
    assert not list((graded_course.path / "autograded").rglob("*.ipynb")), "graded notebooks were written"


def test_with_cgroups_off_grading_works_and_says_the_cpu_was_not_shared_fairly(graded_course):
    with open(graded_course.path / "nbgrader_config.py", "a") as config:
        config.write("\nc.Sandbox.cgroups = False\n")
    graded_course.submit("someone", {NAME: build_submission(NAME, {})})
    scores = graded_course.autograde()
    log = graded_course.last.stdout + graded_course.last.stderr
    cells = scores["someone"][NAME.removesuffix(".ipynb")]
    assert cells and all(c.score == c.max_score for c in cells.values()), cells
    first = graded_course.graded_notebook("someone", NAME).cells[0]
    assert first.cell_type == "markdown" and first.get("id") == GRADING_NOTES_CELL_ID, first
    assert NOT_FAIR in first.source and NOT_ISOLATED not in first.source, first.source
    assert re.search(rf"someone/{re.escape(NAME.removesuffix('.ipynb'))}: {re.escape(NOT_FAIR)}", log), (
        f"the log does not say {NAME} was graded without cgroups:\n{log}")


def test_the_shadowing_attack_targets_names_p01s_checks_call():
    """The shadow-builtins attacker's full marks mean something: P01's checks do call those names."""
    sources = cells_by_grade_id(load(SOURCE / NAME))
    assert any(_names_used(sources[gid].source) & set(SHADOWED) for gid in P01_TESTS)


@pytest.mark.parametrize("kind", ["privileges", "disk-fill"])
def test_the_kernel_is_no_more_privileged_and_its_home_is_capped(graded_class, kind):
    """The same attacks in the notebook's kernel (scores come from the check processes): its
    solution cell raises if the kernel holds a capability, can remount or mount, or if 512 MiB
    went into its HOME without a cap."""
    cell = _graded_cells(graded_class, f"atk-{kind}", NAME)["p01_solution"]
    assert not [o for o in cell.outputs if o.get("output_type") == "error"], error_text(cell)
    if kind == "disk-fill":
        printed = "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream")
        # (its HOME also holds its connection file and IPython's files)
        assert re.search(r"HOME took 25[0-6] MiB, then ENOSPC", printed), printed
