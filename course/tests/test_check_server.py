"""Check servers: whatever one job does, the next job on the same server, maybe another
student's, starts as if in a fresh sandbox (real bubblewrap, real processes, no mocks).

Each test lends its jobs a pool of its own (`CheckServers`) and checks that the
jobs it compares ran on the same server (the same bubblewrap process), so a
server that was replaced instead of cleaned would not pass for a clean one.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import threading
import time
from pathlib import Path

import nbformat
import psutil
import pytest

from course.grading.check_server import CheckServers
from course.grading.problem_checks import ProblemChecks, ProblemResult, _boot_paths, outputs_for, split_problems
from course.grading.sandbox import Sandbox

from .test_problem_checks import _cell, _notebook, _text


def _servers(size: int = 1, **settings) -> CheckServers:
    return CheckServers(Sandbox(**settings), size, _boot_paths())


def _run(servers: CheckServers | bool, nb: nbformat.NotebookNode, timeout: float = 20.0,
         **settings) -> dict[str, tuple[ProblemResult, dict[str, list[dict]]]]:
    """Every problem of `nb` checked, on `servers` (or, with False, each in a process of its own)."""
    problems = split_problems(nb)
    sandbox = Sandbox(problem_timeout=timeout, **settings)
    checks = ProblemChecks(problems, sandbox, workers=len(problems), fork_server=servers)
    try:
        results = {name: checks.result(name) for name in problems}
    finally:
        checks.close()
    return {name: (result, {cell_id: outputs_for(problems[name], cell_id, result, timeout)
                            for cell_id in problems[name].test_ids})
            for name, result in results.items()}


def _one(servers, solution: str, *tests: str, **kwargs) -> tuple[ProblemResult, dict[str, list[dict]]]:
    return _run(servers, _notebook(solution, *tests), **kwargs)["p01"]


def _server_pid(servers: CheckServers) -> int:
    server, = servers._all
    assert server.alive
    return server.process.pid


def _errors(outputs: dict[str, list[dict]]) -> dict[str, list[str]]:
    return {cell_id: [o.get("ename") for o in cell if o.get("output_type") == "error"]
            for cell_id, cell in outputs.items()}


CORRECT = "def f():\n    return SETUP + GIVEN"
FULL_MARKS = ("assert f() == 3", "print(f())")


def _full_marks(servers, **kwargs) -> None:
    result, outputs = _one(servers, CORRECT, *FULL_MARKS, **kwargs)
    assert result.ended == "done" and _errors(outputs) == {"p01_test_0": [], "p01_test_1": []}, (result, outputs)
    assert _text(outputs["p01_test_1"]) == "3\n"


# A job that leaves everything it can behind, in every place it can write.
LEAVE = '''
import os, subprocess, sys
MARK = {mark!r}
for folder in (os.environ["HOME"], os.getcwd(), "/tmp", "/dev/shm", "/dev"):
    with open(os.path.join(folder, MARK), "w") as file:
        file.write("secret")
os.makedirs(os.path.join("locked", "deeper"))
open(os.path.join("locked", "deeper", MARK), "w").close()
os.chmod(os.path.join("locked", "deeper"), 0)
os.chmod("locked", 0)
os.mkfifo("/tmp/fifo-" + MARK)
os.symlink("/", "/dev/shm/link-" + MARK)
os.chmod("/tmp", 0o500)
session = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"], start_new_session=True)
if os.fork() == 0:  # a daemon: forked twice, in a session of its own
    os.setsid()
    if os.fork() == 0:
        import select
        select.select([], [], [])
    os._exit(0)
os.wait()

def f():
    return session.poll() is None
'''

# What a job sees of the sandbox when it starts: processes, and the writable places.
PROBE = '''
import os, threading
mine = {1, os.getpid()} | {t.native_id for t in threading.enumerate()}

def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    return True

OTHERS = [pid for pid in range(1, 1 << 16) if pid not in mine and alive(pid)]
PLACES = {name: sorted(os.listdir(folder)) for name, folder in
          (("home", os.environ["HOME"]), ("cwd", os.getcwd()), ("/tmp", "/tmp"), ("/dev/shm", "/dev/shm"))}
DEV = sorted(os.listdir("/dev"))
TMP_MODE = oct(os.stat("/tmp").st_mode & 0o7777)

def f():
    return OTHERS, PLACES, DEV, TMP_MODE
'''


def _probe(servers) -> tuple:
    result, outputs = _one(servers, PROBE, "print(repr(f()))")
    assert result.ended == "done", result
    return eval(_text(outputs["p01_test_0"]))


def test_a_job_leaves_no_process_and_no_file_for_the_next_job_on_its_server():
    servers = _servers()
    try:
        _, fresh_places, fresh_dev, fresh_tmp_mode = _probe(servers)
        pid = _server_pid(servers)
        mark = f"left-{secrets.token_hex(4)}"
        result, outputs = _one(servers, LEAVE.format(mark=mark), "print(f())")
        assert result.ended == "done" and _text(outputs["p01_test_0"]) == "True\n", (result, outputs)
        others, places, dev, tmp_mode = _probe(servers)
        assert _server_pid(servers) == pid, "the server was replaced, not cleaned"
    finally:
        servers.close()
    assert others == [], f"processes left by the previous job: {others}"
    # (`.devices`: the sandbox's own device nodes, bound as /dev/null and the like; see sandbox.py)
    assert [n for n in places["home"] if n != ".devices"] == [n for n in places["cwd"] if n != ".devices"] == [], places
    # (What a fresh server's /tmp already lists is the sandbox's own: the folder bound
    # read-only on the way to the course package when the repository itself is under /tmp.)
    assert [name for name in places["/tmp"]
            if not name.startswith("course-checks-") and name not in fresh_places["/tmp"]] == [], places
    assert places["/dev/shm"] == [] and dev == fresh_dev and mark not in dev, (places, dev)
    assert tmp_mode == fresh_tmp_mode


# Reads its own job's key (through the frames, which the threat model leaves out: a test
# may) and leaves it in every writable place.
STEAL_KEY = '''
import os, sys

def _job_key():
    frame = sys._getframe()
    while frame is not None:
        if frame.f_code.co_name == "_main" and "key" in frame.f_locals:
            return frame.f_locals["key"].hex()
        frame = frame.f_back

KEY = _job_key()
for folder in (os.environ["HOME"], "/tmp", "/dev/shm"):
    with open(os.path.join(folder, "key"), "w") as file:
        file.write(KEY)

def f():
    return KEY
'''

# Looks for a key everywhere a job can: the files it can read, and every object of its process.
FIND_KEY = STEAL_KEY.split("KEY = _job_key()")[0] + '''
import gc
OLD = {reversed_old!r}[::-1]  # the key itself is in no constant, no source, only in this module's globals
OWN = _job_key()
FOUND = []
for folder in (os.environ["HOME"], "/tmp", "/dev/shm"):
    for root, _, files in os.walk(folder):
        for name in files:
            try:
                with open(os.path.join(root, name), errors="replace") as file:
                    if OLD in file.read():
                        FOUND.append(os.path.join(root, name))
            except OSError:
                pass
for thing in gc.get_objects():
    if thing is globals():
        continue
    try:
        values = list(thing.values() if isinstance(thing, dict) else thing
                      if isinstance(thing, (list, tuple, set)) else ())
    except Exception:
        continue
    if any(isinstance(v, (str, bytes)) and (OLD in v if isinstance(v, str) else bytes.fromhex(OLD) in v)
           for v in values):
        FOUND.append(type(thing).__name__)

def f():
    return OWN != OLD and OWN is not None, FOUND
'''


def test_the_next_job_on_a_server_cannot_find_the_previous_jobs_key():
    servers = _servers()
    try:
        result, outputs = _one(servers, STEAL_KEY, "print(f())")
        old = _text(outputs["p01_test_0"]).strip()
        assert result.ended == "done" and len(old) == 64, (result, outputs)
        pid = _server_pid(servers)
        result, outputs = _one(servers, FIND_KEY.format(reversed_old=old[::-1]), "print(f())")
        assert _server_pid(servers) == pid
    finally:
        servers.close()
    assert result.ended == "done", (result, outputs)
    assert _text(outputs["p01_test_0"]) == "(True, [])\n", outputs


# Each attacks the zygote it was forked from (its parent, the sandbox's PID 1), or everything.
ATTACKS = {
    "kill everything": "import os, signal\nos.kill(-1, signal.SIGKILL)",
    "kill the parent": "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)",
    "stop the parent": "import os, signal\nos.kill(os.getppid(), signal.SIGSTOP)\nos.kill(-1, signal.SIGSTOP)",
    "interrupt the parent": "import os, signal\nfor s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):\n"
                            "    os.kill(os.getppid(), s)",
    "lower the parent's limits": "import os, resource\n"
                                 "resource.prlimit(os.getppid(), resource.RLIMIT_NOFILE, (8, 8))\n"
                                 "resource.prlimit(os.getppid(), resource.RLIMIT_AS, (64 << 20, 64 << 20))",
    "slow the parent down": "import os\nos.setpriority(os.PRIO_PROCESS, os.getppid(), 19)\n"
                            "os.sched_setaffinity(os.getppid(), {min(os.sched_getaffinity(0))})",
    "exit": "import os\nos._exit(4)",
    "spin with signals off": "import signal\nsignal.alarm(0)\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\n"
                             "while True:\n    pass",
}


# What a job inherits from its zygote that another process of the sandbox could change.
ATTRIBUTES = ("import os, resource\n"
              "LIMITS = [resource.getrlimit(getattr(resource, n)) for n in sorted(dir(resource)) if n.startswith('RLIMIT_')]\n"
              "def f():\n"
              "    return LIMITS, os.getpriority(os.PRIO_PROCESS, 0), sorted(os.sched_getaffinity(0)),"
              " os.sched_getscheduler(0)")


def _attributes(servers) -> str:
    result, outputs = _one(servers, ATTRIBUTES, "print(f())")
    assert result.ended == "done", result
    return _text(outputs["p01_test_0"])


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_a_job_that_attacks_its_server_costs_only_itself(attack):
    """Its own checks end as they would in a process of its own; the jobs after it on the same
    pool get full marks."""
    timeout = 3.0 if "spin" in attack else 20.0
    solution = ATTACKS[attack] + "\n" + CORRECT
    alone, alone_outputs = _one(False, solution, *FULL_MARKS, timeout=timeout)
    servers = _servers()
    try:
        _full_marks(servers)
        before = _attributes(servers)
        result, outputs = _one(servers, solution, *FULL_MARKS, timeout=timeout)
        for _ in range(3):
            _full_marks(servers)
        after = _attributes(servers)
    finally:
        servers.close()
    assert (result.ended, _errors(outputs)) == (alone.ended, _errors(alone_outputs)), (result, alone)
    assert after == before
    assert _text(outputs["p01_test_1"]) == _text(alone_outputs["p01_test_1"])


FORGE_STATUS = '''
import os, stat
SOCKETS = []
for fd in range(1024):
    try:
        if stat.S_ISSOCK(os.fstat(fd).st_mode):
            SOCKETS.append(fd)
    except OSError:
        continue
    for seq in range(1, 10):
        for line in (b"ended %d 0 clean" % seq, b"started %d" % seq):
            try:
                os.write(fd, line)
            except OSError:
                pass

def f():
    os._exit(7)
'''


def test_a_job_cannot_say_how_it_ended():
    """The zygote's control socket is closed in the child before student code runs: what a job
    writes to every descriptor it has never reaches the grader as its exit status."""
    servers = _servers()
    try:
        _full_marks(servers)
        result, outputs = _one(servers, FORGE_STATUS, "f()")
        _full_marks(servers)
    finally:
        servers.close()
    assert result.ended == "exited 7", (result, outputs)


def _zygote(servers: CheckServers) -> psutil.Process:
    """The zygote, seen from the host: the child of the server's bubblewrap process."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        children = psutil.Process(_server_pid(servers)).children()
        if children:
            return children[0]
        time.sleep(0.01)
    raise AssertionError("no zygote")


SLOW = "import select\nselect.select([], [], [], 2)\n" + CORRECT


def test_a_server_that_dies_during_a_job_costs_that_job_and_is_replaced():
    servers = _servers()
    try:
        _full_marks(servers)
        pid = _server_pid(servers)
        zygote = _zygote(servers)
        threading.Timer(0.5, zygote.send_signal, args=(signal.SIGKILL,)).start()
        result, outputs = _one(servers, SLOW, *FULL_MARKS)
        assert result.ended == "exited -9", result
        assert {e for errors in _errors(outputs).values() for e in errors} == {"ProblemProcessEnded"}
        _full_marks(servers)
        assert _server_pid(servers) != pid
    finally:
        servers.close()


def test_a_server_that_stops_answering_is_replaced_and_its_job_still_runs():
    servers = _servers()
    try:
        _full_marks(servers)
        pid = _server_pid(servers)
        _zygote(servers).suspend()  # SIGSTOP from outside: the job is never started
        started = time.monotonic()
        _full_marks(servers, timeout=3.0)
        assert _server_pid(servers) != pid and time.monotonic() - started < 10
        pid = _server_pid(servers)
        # Stopped while its job runs: the job reports, its end is never confirmed, so the server goes.
        threading.Timer(0.5, _zygote(servers).suspend).start()
        result, outputs = _one(servers, SLOW, *FULL_MARKS)
        assert result.ended == "done" and _errors(outputs) == {"p01_test_0": [], "p01_test_1": []}, result
        _full_marks(servers)
        assert _server_pid(servers) != pid
    finally:
        servers.close()


def test_jobs_on_servers_running_at_once_cannot_see_each_other():
    nb = nbformat.v4.new_notebook()
    nb.cells = [_cell("setup", "import asyncio\nSETUP = 1")]
    for problem in ("p01", "p02"):
        nb.cells += [_cell(f"{problem}_solution", "import select\nselect.select([], [], [], 1)\n" + PROBE,
                           solution=True), _cell(f"{problem}_test_0", "print(repr(f()))", test=True)]
    servers = _servers(2)
    try:
        results = _run(servers, nb)
        assert len(servers._all) == 2
    finally:
        servers.close()
    seen = {name: eval(_text(outputs[f"{name}_test_0"])) for name, (_, outputs) in results.items()}
    assert seen["p01"][0] == seen["p02"][0] == [], seen
    assert seen["p01"][1] != seen["p02"][1], "both jobs had the same HOME"


def test_with_the_sandbox_off_a_server_empties_home_and_nothing_else(tmp_path):
    outside = tmp_path / "outside.txt"
    leave = f"import os\nopen(os.path.join(os.getcwd(), 'mine'), 'w').close()\nopen({str(outside)!r}, 'w').close()\n"
    servers = _servers(enabled=False)
    try:
        result, _ = _one(servers, leave + CORRECT, *FULL_MARKS, enabled=False)
        assert result.ended == "done"
        pid = _server_pid(servers)
        result, outputs = _one(servers, "import os\nHERE = os.listdir()\ndef f():\n    return HERE",
                               "print(f())", enabled=False)
        assert _server_pid(servers) == pid
    finally:
        servers.close()
    assert _text(outputs["p01_test_0"]) == "[]\n", outputs
    assert outside.exists(), "the unsandboxed server removed a file outside its scratch folder"


def test_with_the_sandbox_off_a_job_past_its_bound_is_killed_with_its_server(tmp_path):
    """No PID namespace takes the job along: the grader kills its process group too."""
    pid_file = tmp_path / "pid"
    spin = (f"import os, signal\nopen({str(pid_file)!r}, 'w').write(str(os.getpid()))\n"
            "signal.alarm(0)\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\nwhile True:\n    pass")
    servers = _servers(enabled=False)
    try:
        _full_marks(servers, enabled=False)
        result, _ = _one(servers, spin, "print(1)", timeout=2.0, enabled=False)
        _full_marks(servers, enabled=False)
    finally:
        servers.close()
    assert result.ended == "timeout", result
    pid = int(pid_file.read_text())
    time.sleep(0.2)
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE, "the job still runs"


def test_servers_are_shared_by_every_notebook_of_the_process():
    sandbox = Sandbox(problem_timeout=20.0)
    first = ProblemChecks({}, sandbox, workers=1)
    second = ProblemChecks({}, Sandbox(problem_timeout=5.0), workers=2)
    other = ProblemChecks({}, Sandbox(memory_limit=1 << 30), workers=1)
    assert first._servers is second._servers and first._servers.size == 2
    assert other._servers is not first._servers
    assert ProblemChecks({}, sandbox, fork_server=False)._servers is None
    for checks in (first, second, other):
        checks.close()


def test_a_job_has_no_capabilities_and_cannot_remount_or_mount():
    # (see test_sandbox's test of every sandbox: bubblewrap run by root kept every capability)
    from .test_sandbox import PRIVILEGES, _read_only_binds, assert_unprivileged

    servers = _servers()
    try:
        solution = PRIVILEGES + f"\n\ndef f():\n    return json.dumps(privileges({_read_only_binds()!r}))\n"
        result, outputs = _one(servers, solution, "print(f())")
        _server_pid(servers)  # (ran on a server)
    finally:
        servers.close()
    assert result.ended == "done", (result, outputs)
    seen = json.loads(_text(outputs["p01_test_0"]))
    assert seen["status"] is None, seen  # no /proc in a check process: capget and the bounding set
    assert_unprivileged(seen)


def test_a_jobs_home_is_capped_and_emptied_for_the_next_job():
    from .test_sandbox import CAP, FILL, _assert_capped

    servers = _servers(home_size=CAP)
    fill = FILL + "\n\ndef f():\n    return json.dumps(fill(os.environ['HOME']))\n"
    try:
        runs = [_one(servers, fill, "print(f())", home_size=CAP) for _ in range(2)]
        pid = _server_pid(servers)
        scratch = Path(next(iter(servers._all)).scratch)
        assert [p.name for p in scratch.iterdir() if p.name != ".devices"] == [], "a job wrote on the host"
    finally:
        servers.close()
    for result, outputs in runs:
        assert result.ended == "done", (result, outputs)
        _assert_capped(json.loads(_text(outputs["p01_test_0"])))  # the second job had all of it again
    assert pid
