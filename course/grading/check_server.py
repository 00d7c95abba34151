"""Check servers: long-lived sandboxes that fork each problem's check process (trusted side).

Trusted side: runs in nbgrader's process. It starts and bounds the sandboxes;
what runs inside is `course.zygote` (which runs no student code) and the
check processes it forks (which do).

Why: a check process started on its own pays ~0.15 CPU-s for its interpreter
and its imports (asyncio, the checks) before it does any work: eleven times
per student, about as much as the checks themselves. A check server is one
sandbox (`Sandbox.command(..., proc=False, init=True)`: the same binds and
caps, its zygote as the PID namespace's init, a read-only root) whose zygote
has loaded all that once; each job is a child forked from it (~5 ms), which
runs exactly what a check process started on its own runs.

Why it is as safe as a fresh sandbox per problem:

- Jobs on one server run one at a time, and between two jobs the zygote
  kills and reaps every process the job left, empties the scratch folder
  (HOME and cwd), puts /tmp and /dev back, and checks its own process
  attributes (limits, priority, affinity); it says "dirty" and exits if
  anything cannot be put back (see `course.zygote`). Each job has its own
  key, its own report pipe and its own output pipe, handed over with the
  job (SCM_RIGHTS): nothing a job wrote, to a pipe or a file, reaches the
  next one, and its output is its own in the log.
- The child closes the control socket before running student code: only
  the zygote says when and how a job ended.
- The grader bounds each job from outside, as it bounded a process: at
  `Sandbox.problem_timeout`, or if the server stops answering or ends, the
  whole sandbox is killed (its process group; bubblewrap's PID namespace
  takes every process in it along), the job is reported as a process killed
  or ended, and the next job gets a fresh server. What problem K's code does
  costs K alone, plus the time of a new server.
- Different servers are different sandboxes (PID namespaces, /tmp): jobs
  running at once cannot see each other.

`CheckServers.shared` keeps, per process and per sandbox configuration, a
pool of up to `ExecuteIsolated.check_workers` servers, started when first
needed and reused for every notebook and student of the nbgrader run
(nbgrader makes a new preprocessor for every notebook, so the pool cannot
live on one); they are killed when the process exits, and
`--die-with-parent` kills them if it dies first.
"""

from __future__ import annotations

import atexit
import os
import queue
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from .cgroups import SandboxCgroup
from .sandbox import Sandbox, remove_scratch

#: How the check server starts: the same interpreter and sys.path as a check process on its own.
_SERVE_BOOT = ("import sys; sys.path[:0] = sys.argv[3:]; import course.zygote as z; "
               "z.serve(int(sys.argv[1]), sys.argv[2])")

#: Seconds a job's end may take to be confirmed once it reported done (the zygote cleans up first).
SETTLE_AFTER_DONE = 5.0
#: ... and once its report pipe closed without done (as long as a process on its own was given).
SETTLE_AFTER_EOF = 1.0

_LOG_TAIL = 4000


class ServerLost(RuntimeError):
    """The server ended or stopped answering before a job started: the job is run again elsewhere."""


class CheckServer:
    """One sandbox whose zygote forks check processes, one job at a time."""

    def __init__(self, sandbox: Sandbox, boot_paths: list[str]) -> None:
        self.sandbox, self.boot_paths = sandbox, boot_paths
        self.process: subprocess.Popen | None = None
        self.control: socket.socket | None = None
        self.scratch: str | None = None
        self.cgroup: SandboxCgroup | None = None
        self.jobs = 0
        self._seq = 0
        self._log = bytearray()
        self._lock = threading.Lock()
        self._dead = True

    @property
    def alive(self) -> bool:
        return not self._dead and self.process is not None and self.process.poll() is None

    def log_tail(self) -> str:
        return bytes(self._log).decode("utf-8", "replace")[-_LOG_TAIL:]

    def _start(self) -> None:
        self.close()
        self.scratch = tempfile.mkdtemp(prefix="course-checks-")
        self.cgroup = self.sandbox.cgroup("checks")
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            mode = "sandboxed" if self.sandbox.enabled else "plain"
            command = self.sandbox.command(
                [sys.executable, "-I", "-S", "-c", _SERVE_BOOT, str(theirs.fileno()), mode, *self.boot_paths],
                Path(self.scratch), proc=False, init=True, cgroup=self.cgroup)
            self.process = _spawn(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, pass_fds=(theirs.fileno(),), cwd=self.scratch,
                                  start_new_session=True)
        except BaseException:
            ours.close()
            if self.cgroup is not None:
                self.cgroup.remove()
                self.cgroup = None
            raise
        finally:
            theirs.close()
        self.control, self._log, self._dead = ours, bytearray(), False
        threading.Thread(target=self._drain, args=(self.process,), daemon=True,
                         name="course-check-server-log").start()

    def _drain(self, process: subprocess.Popen) -> None:
        # What the zygote itself prints (its own failures; a job's output has a pipe of its own).
        assert process.stdout is not None
        with process.stdout:
            for chunk in iter(lambda: process.stdout.read(4096), b""):
                self._log += chunk
                del self._log[:-_LOG_TAIL]

    def begin(self, report_write: int, timeout: float) -> ServerJob:
        """Hand a job its pipes and have its child forked; raise ServerLost if the server cannot."""
        if not self.alive:
            self._start()
        assert self.control is not None
        job_read, job_write = os.pipe()
        output_read, output_write = os.pipe()
        self._seq += 1
        try:
            socket.send_fds(self.control, [b"%d" % self._seq], [job_read, report_write, output_write])
            reply = self.receive(timeout)
        except OSError:
            reply = b""
        finally:
            os.close(job_read)
            os.close(output_write)
        words = (reply or b"").split()
        if len(words) != 3 or words[:2] != [b"started", b"%d" % self._seq] or not words[2].isdigit():
            os.close(job_write)
            os.close(output_read)
            self.kill()
            raise ServerLost(f"the check server did not start a job ({reply!r}): {self.log_tail()[-300:]!r}")
        self.jobs += 1
        return ServerJob(self, self._seq, job_write, output_read, int(words[2]))

    def receive(self, timeout: float | None) -> bytes | None:
        """The zygote's next message; b"" if it is gone, None if it said nothing within `timeout` s."""
        control = self.control
        if control is None or self._dead:
            return b""
        try:
            control.settimeout(timeout)
            return control.recv(64)
        except (socket.timeout, BlockingIOError):
            return None
        except OSError:
            return b""

    def kill(self) -> None:
        """Kill the whole sandbox: bubblewrap's process group, and with it its PID namespace;
        then whatever is left in its cgroup, and the cgroup."""
        with self._lock:
            self._dead = True
            process = self.process
            cgroup, self.cgroup = self.cgroup, None
        if process is not None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            process.wait()
        if cgroup is not None:
            cgroup.remove()

    def close(self, grace: float = 0) -> None:
        """Kill the server and remove its scratch folder; with `grace`, first let its zygote see
        the control socket closed and end on its own, for up to that many seconds."""
        if grace and self.alive and self.control is not None:
            self.control.close()
            self.control = None
            try:
                self.process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                pass
        self.kill()
        if self.control is not None:
            self.control.close()
            self.control = None
        self.process = None
        if self.scratch is not None:
            remove_scratch(self.scratch)
            self.scratch = None


_spawner: queue.SimpleQueue | None = None
_spawner_lock = threading.Lock()


def _spawn(*args: Any, **kwargs: Any) -> subprocess.Popen:
    """subprocess.Popen(...), called from a thread that lives as long as this process.

    bubblewrap's --die-with-parent (PR_SET_PDEATHSIG) fires when the *thread* that
    started it ends, not the process: a server started by a worker thread of one
    notebook's checks would be killed when that notebook is done."""
    global _spawner
    with _spawner_lock:
        if _spawner is None:
            _spawner = queue.SimpleQueue()
            threading.Thread(target=_serve_spawns, args=(_spawner,), daemon=True,
                             name="course-check-server-spawner").start()
    done: Future[subprocess.Popen] = Future()
    _spawner.put((done, args, kwargs))
    return done.result()


def _serve_spawns(requests: queue.SimpleQueue) -> None:
    while True:
        done, args, kwargs = requests.get()
        try:
            done.set_result(subprocess.Popen(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            done.set_exception(exc)


class ServerJob:
    """A job running on a check server, seen as a process (stdin, stdout, poll, wait, kill)."""

    def __init__(self, server: CheckServer, seq: int, job_write: int, output_read: int, pid: int) -> None:
        self.server, self.seq, self.pid = server, seq, pid
        self.stdin = os.fdopen(job_write, "wb")
        self.stdout = os.fdopen(output_read, "rb")
        self.returncode: int | None = None

    def _hear(self, timeout: float | None) -> None:
        if self.returncode is not None:
            return
        reply = self.server.receive(timeout)
        if reply is None:
            return
        words = reply.split()
        if len(words) == 4 and words[0] == b"ended" and words[1] == b"%d" % self.seq:
            self.returncode = int(words[2])
            if words[3] != b"clean":
                self.server.kill()
            return
        # Gone, or not the answer due: this server can no longer be trusted to run jobs.
        self.server.kill()
        self.returncode = -signal.SIGKILL

    def poll(self) -> int | None:
        self._hear(0)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int | None:
        self._hear(timeout)
        return self.returncode

    def kill(self) -> None:
        """Kill the whole server: its zygote is not trusted to stop a job that outlived its bound."""
        if not self.server.sandbox.enabled and self.returncode is None:
            # No PID namespace takes the job along: its process group (the zygote made it
            # one), as a process on its own was killed with the sandbox off.
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        self.server.kill()
        if self.returncode is None:
            self.returncode = -signal.SIGKILL

    def settle(self, done: bool) -> None:
        """Once its report pipe is finished: hear how it ended, or kill the server."""
        if self.wait(SETTLE_AFTER_DONE if done else SETTLE_AFTER_EOF) is None:
            self.kill()


class CheckServers:
    """Up to `size` check servers, each lent to one job at a time."""

    _shared: dict[tuple, CheckServers] = {}
    _shared_lock = threading.Lock()

    def __init__(self, sandbox: Sandbox, size: int, boot_paths: list[str]) -> None:
        self.sandbox, self.size, self.boot_paths = sandbox, max(1, size), boot_paths
        self._idle: list[CheckServer] = []
        self._all: set[CheckServer] = set()
        self._free = threading.Condition()

    @classmethod
    def shared(cls, sandbox: Sandbox, size: int, boot_paths: list[str]) -> CheckServers:
        """This process's pool for sandboxes configured as `sandbox` is, grown to `size` if smaller."""
        key = (sandbox.enabled, sandbox.memory_limit, sandbox.file_size_limit, sandbox.tmp_size, sandbox.home_size,
               sandbox.process_limit, sandbox.user_process_limit, sandbox.cgroups, sandbox.sandbox_memory_limit,
               sandbox.cgroup_fs, sandbox.bwrap_path, sandbox.prlimit_path, tuple(boot_paths))
        with cls._shared_lock:
            if not cls._shared:
                atexit.register(cls.close_all)
            pool = cls._shared.get(key)
            if pool is None:
                pool = cls._shared[key] = cls(sandbox, size, boot_paths)
            with pool._free:
                pool.size = max(pool.size, size)
            return pool

    @classmethod
    def close_all(cls) -> None:
        with cls._shared_lock:
            pools, cls._shared = list(cls._shared.values()), {}
        for pool in pools:
            pool.close()

    def acquire(self) -> CheckServer:
        with self._free:
            while not self._idle and len(self._all) >= self.size:
                self._free.wait()
            if self._idle:
                return self._idle.pop()
            server = CheckServer(self.sandbox, self.boot_paths)
            self._all.add(server)
            return server

    def release(self, server: CheckServer) -> None:
        keep = server.alive
        if not keep:
            server.close()
        with self._free:
            if keep:
                self._idle.append(server)
            else:
                self._all.discard(server)
            self._free.notify()

    def close(self) -> None:
        with self._free:
            servers, self._idle, self._all = list(self._all), [], set()
        for server in servers:
            server.close(grace=1.0)
