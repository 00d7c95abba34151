"""The fork server ("zygote") that check processes are forked from.

Side: runs inside a grading sandbox, as its first process. It never runs
student code itself: each job's student code runs in a child it forks, and
that child is exactly a check process (`course.problem_process.main`). What
the zygote must guarantee is that nothing one job does reaches the next,
possibly another student's; it is started, bounded and replaced from outside
by the grader (`course.grading.check_server`, trusted side).

Why it exists: a fresh interpreter that imports asyncio and the checks costs
~0.15 CPU-s before a check process does any work, eleven times per student.
The zygote pays that once, then forks one child per job (~5 ms).

Started as `python -I -S -c <boot> <control fd> <mode> <sys.path...>`, with
`mode` "sandboxed" (it is then PID 1 of the sandbox's PID namespace,
`bwrap --as-pid-1`, under a read-only root) or "plain" (the instructor turned
the sandbox off: caps only, nothing to isolate). It imports what check
processes load before student code, then serves jobs, one at a time, on the
control socket (a SOCK_SEQPACKET socket; the grader holds the other end):

- grader -> zygote: `b"<seq>"` with three file descriptors attached
  (SCM_RIGHTS): the job pipe (the job's JSON, as a check process reads it on
  stdin), the report pipe, and the output pipe (what the job prints).
- zygote -> grader: `b"started <seq> <pid>"` once the child is forked; then
  `b"ended <seq> <status> <clean|dirty>"`, where status is the child's exit
  status as subprocess gives it (negative: killed by that signal), once the
  child has ended and the sandbox is clean again. "dirty": it could not be
  cleaned, and the zygote exits (the grader starts a new sandbox).

The child puts the job pipe on fd 0, the output pipe on fds 1 and 2 and the
report pipe on fd 3, closes every other descriptor (the control socket
above all: only the zygote can say how a job ended), and runs
`course.problem_process.main` with a fresh interpreter's signal handlers.
It reads the job, and its key, itself: the zygote never holds a key.

Between jobs, once the child has ended:

- every other process of the sandbox is killed (`kill(-1, SIGKILL)`, which
  reaches everything in the PID namespace but its init, the zygote) and
  reaped: orphans are re-parented to PID 1, so "no child left" means no
  process left (a daemon that forked twice, a `start_new_session` child);
- the scratch folder (HOME and cwd of every job) is emptied, chmod-000
  folders included, and every other writable place (`/tmp`, `/dev`,
  `/dev/shm`: the root is read-only) is put back to what it held at start;
- the zygote's own process attributes that a same-user process can change
  from outside (resource limits with `prlimit`, nice value, CPU affinity,
  scheduling policy) are compared with those it started with.

Anything that cannot be put back makes the zygote exit, after saying "dirty".
As PID 1 the zygote cannot be stopped or killed by signals sent from inside
the sandbox (Linux delivers to a namespace's init only the signals it
handles, and it handles none); whatever else makes it die or hang is the
grader's to see (see `course.grading.check_server`).
"""

from __future__ import annotations

import fcntl
import gc
import os
import resource
import signal
import socket
import stat
import sys
import threading
import time

#: Modules a check process loads before student code runs: the checks themselves, and
#: what the course's test cells import (`job_imports`). Imported once, here.
PRELOAD = (
    "course.problem_process", "course.testing", "course.notebook", "course.testing._isolation",
    "course.testing._runner", "course.testing._sealed", "asyncio", "random", "heapq", "collections",
    "itertools", "functools", "math", "time", "contextlib", "dataclasses", "typing", "inspect", "json",
    "statistics", "string", "re", "enum", "bisect", "copy", "operator", "types", "weakref", "textwrap",
    "traceback", "linecache", "warnings", "fcntl", "resource",
)

#: Descriptors of a child: the job (stdin), what it prints (stdout, stderr), its reports.
JOB_FD, REPORT_FD = 0, 3

_KILL_BOUND = 5.0  # seconds to see every leftover process gone before giving up


def serve(control_fd: int, mode: str) -> None:
    import importlib
    for name in PRELOAD:
        importlib.import_module(name)
    sandboxed = mode == "sandboxed"
    if sandboxed and os.getpid() != 1:  # kill(-1) below must never reach outside a sandbox
        raise SystemExit("the check server is sandboxed only as its sandbox's PID 1 (bwrap --as-pid-1)")
    if threading.active_count() != 1:  # fork copies one thread: a lock held by another would stay held
        raise SystemExit("the check server must be single-threaded when it forks")
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Python's handler would let SIGINT end the server
    control = socket.socket(fileno=control_fd)
    home = os.getcwd()
    baseline = _attributes()
    places = _writable_places(home) if sandboxed else {}
    gc.freeze()  # what was loaded stays out of the collector's way in every child (no copy on write)
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(control, 64, 3)
        except OSError:
            return
        if not message:  # the grader closed its end
            return
        if len(fds) != 3:
            for fd in fds:
                os.close(fd)
            raise SystemExit(f"check server: a job came with {len(fds)} descriptors, not 3")
        seq = int(message)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _child(fds)  # never returns
        for fd in fds:
            os.close(fd)
        control.send(b"started %d %d" % (seq, pid))
        status = _wait(pid)
        clean = _clean(pid, sandboxed, home, places) and _attributes() == baseline
        control.send(b"ended %d %d %s" % (seq, status, b"clean" if clean else b"dirty"))
        if not clean:
            raise SystemExit("check server: the sandbox could not be put back as it was; exiting")


def _child(fds: list[int]) -> None:
    """Become a check process for the job whose pipes are `fds`; never returns."""
    exit_now = os._exit  # bound before student code runs, which could replace os._exit
    code = 1
    try:
        job, report, output = (fcntl.fcntl(fd, fcntl.F_DUPFD, 100) for fd in fds)
        os.dup2(job, JOB_FD)
        os.dup2(output, 1)
        os.dup2(output, 2)
        os.dup2(report, REPORT_FD)
        os.closerange(REPORT_FD + 1, 1 << 20)  # the control socket, the received copies: everything
        os.setsid()  # its own process group: with the sandbox off, the zygote kills that group
        signal.signal(signal.SIGINT, signal.default_int_handler)
        sys.argv = ["-c", *sys.argv[3:]]  # as a check process started on its own sees them
        from course import problem_process
        problem_process.main()
        code = 0
    except SystemExit as exc:
        code = _exit_code(exc)
    except BaseException:  # main() printed it
        code = 1
    finally:
        for stream in (sys.__stdout__, sys.__stderr__):
            try:
                stream.flush()
            except BaseException:
                pass
        exit_now(code)


def _exit_code(exc: SystemExit) -> int:
    """The exit status Python gives `raise SystemExit(code)` at the top level."""
    if exc.code is None:
        return 0
    if isinstance(exc.code, int):
        return exc.code & 0xFF
    try:
        print(exc.code, file=sys.__stderr__)
    except BaseException:
        pass
    return 1


def _wait(child: int) -> int:
    """The exit status of `child`, reaping the orphans that end meanwhile (as bubblewrap's own
    init would: a zombie counts against the user's process limit)."""
    while True:
        try:
            pid, status = os.waitpid(-1, 0)
        except InterruptedError:
            continue
        except ChildProcessError:
            return -signal.SIGKILL
        if pid == child:
            return os.waitstatus_to_exitcode(status)


def _clean(child: int, sandboxed: bool, home: str, places: dict[str, dict[str, tuple]]) -> bool:
    """Kill every process the job left, empty its HOME, put the writable places back. False if
    anything is left that cannot be removed."""
    try:
        if sandboxed:
            if not _kill_everything_else():
                return False
        else:  # no PID namespace: its process group is the most that can be reached
            try:
                os.killpg(child, signal.SIGKILL)
            except OSError:
                pass
            _reap()
        # The sandbox's own device nodes (see Sandbox's _own_devices) stay, and nothing else
        # in their folder: /dev's entries are put back below.
        devices = os.path.join(home, ".devices")
        if os.path.isdir(devices) and not os.path.islink(devices):
            _empty(home, keep=(".devices",))
            _empty(devices, keep=("null", "zero", "full", "random", "urandom", "tty"))
        else:
            _empty(home, keep=())
        for folder, entries in places.items():
            if not _put_back(folder, entries):
                return False
        return True
    except Exception as exc:  # noqa: BLE001 - any failure to clean ends this server, never the grader
        print(f"check server: cleaning up failed: {exc!r}", file=sys.stderr)
        return False


def _kill_everything_else() -> bool:
    deadline = time.monotonic() + _KILL_BOUND
    while True:
        try:
            os.kill(-1, signal.SIGKILL)  # as PID 1: every process of the namespace but this one
        except ProcessLookupError:
            pass
        if not _reap():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.002)


def _reap() -> bool:
    """Reap every child that has ended; True if some are still running."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return False
        except InterruptedError:
            continue
        if pid == 0:
            return True


def _remove(path: str) -> None:
    """Remove `path`, a folder with whatever it holds, whatever its permissions."""
    info = os.lstat(path)
    if stat.S_ISDIR(info.st_mode):
        if stat.S_IMODE(info.st_mode) & 0o700 != 0o700:
            os.chmod(path, 0o700)
        _empty(path, keep=())
        os.rmdir(path)
    else:
        os.unlink(path)


def _empty(folder: str, keep) -> None:
    info = os.lstat(folder)
    if stat.S_IMODE(info.st_mode) & 0o700 != 0o700:
        os.chmod(folder, stat.S_IMODE(info.st_mode) | 0o700)
    for name in os.listdir(folder):
        if name not in keep:
            _remove(os.path.join(folder, name))


def _state(info: os.stat_result) -> tuple:
    """What must not change about an entry of a writable place (its times may)."""
    kept = (info.st_mode, info.st_ino, info.st_dev, info.st_uid, info.st_gid, info.st_rdev, info.st_nlink)
    return kept + ((info.st_size, info.st_mtime_ns) if stat.S_ISREG(info.st_mode) else ())


def _writable_places(home: str) -> dict[str, dict[str, tuple]]:
    """Every writable folder of the sandbox but `home`, with the state of what it holds.

    Found by walking from / through the sandbox's own (read-only) root and
    into every writable mount; read-only binds (the Python environment, the
    course package) are not entered."""
    root = os.lstat("/").st_dev
    places: dict[str, dict[str, tuple]] = {}

    def walk(folder: str) -> None:
        writable = not os.statvfs(folder).f_flag & os.ST_RDONLY
        entries: dict[str, tuple] = {}
        for entry in os.scandir(folder):
            info = entry.stat(follow_symlinks=False)
            entries[entry.name] = _state(info)
            if stat.S_ISDIR(info.st_mode) and entry.path != home and (
                    info.st_dev == root or not os.statvfs(entry.path).f_flag & os.ST_RDONLY):
                walk(entry.path)
        if writable:
            places[folder] = {"": _state(os.lstat(folder)), **entries}

    walk("/")
    return places


def _put_back(folder: str, entries: dict[str, tuple]) -> bool:
    """Remove what was added to `folder`; True if what it held is as it was."""
    mode = entries[""][0]
    if os.lstat(folder).st_mode != mode:
        os.chmod(folder, stat.S_IMODE(mode))
    for name in os.listdir(folder):
        if name not in entries:
            _remove(os.path.join(folder, name))
    for name, state in entries.items():
        path = os.path.join(folder, name) if name else folder
        try:
            now = _state(os.lstat(path))
        except FileNotFoundError:
            return False
        if now != state and now[0] != state[0] and now[1:] == state[1:] and not stat.S_ISLNK(state[0]):
            os.chmod(path, stat.S_IMODE(state[0]))  # a chmod of an entry (a device node, a folder)
            now = _state(os.lstat(path))
        if now != state and not (stat.S_ISDIR(state[0]) and now[:6] == state[:6]):
            return False  # replaced, or a file changed: nothing safe to put back
    return True


def _attributes() -> tuple:
    """The zygote's process attributes another process of the same user could change."""
    limits = tuple(resource.getrlimit(getattr(resource, name)) for name in sorted(dir(resource))
                   if name.startswith("RLIMIT_"))
    return (limits, os.getpriority(os.PRIO_PROCESS, 0), frozenset(os.sched_getaffinity(0)),
            os.sched_getscheduler(0))
