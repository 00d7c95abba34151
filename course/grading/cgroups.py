"""A cgroup of its own for every grading sandbox: an equal CPU share, a cap on processes and
threads, a cap on memory (trusted side).

Trusted side: runs in the grader's process (nbgrader's, or each `course autograde` worker's),
which makes a sandbox's cgroup before the sandbox starts and removes it once the sandbox has
ended. Nothing inside a sandbox can reach a cgroup file: bubblewrap mounts no /sys there, and
the sandbox's processes have no capabilities to mount one.

Why: the sandboxes of a class graded at once (`course autograde --jobs N`: N notebook kernels
and their check servers) share the machine's CPUs. Left in the root CPU cgroup, Linux shares
the CPU between *sessions* (scheduler autogroups, one per setsid(2)), so a kernel whose
solution forked 160 children that each called os.setsid() and spun held 160 shares to a
classmate's check process's one, and the classmate's checks were killed at their wall-clock
bound. In a cgroup of its own, a sandbox gets:

- **an equal CPU weight** (cgroup v2 `cpu.weight` 100, v1 `cpu.shares` 1024, the defaults,
  written explicitly): the scheduler first shares the CPU between the sandboxes' cgroups,
  then, inside one, between its tasks, however many processes or sessions it has. Autogroups
  apply only to tasks in the root CPU cgroup: kernel/sched/autogroup.c's `task_wants_autogroup`
  returns false for a task whose group is not `root_task_group`, and sched(7)'s "group
  scheduling" says the threads of a CPU cgroup form one task group, autogroups being task
  groups under the root one, for processes of the root CPU cgroup only. So a sandbox's
  setsid() children stay in its one share (test_cgroups measures it: one spinning process
  gets as much CPU as 16 setsid spinners of another sandbox together; ~1/16 without).
- **a cap on processes and threads** (`pids.max`, `Sandbox.process_limit`): a fork or a new
  thread past it fails at once with EAGAIN (BlockingIOError), for root too (RLIMIT_NPROC,
  which prlimit still sets, is not applied to root, and counts all of a user's processes).
- **a cap on memory** (v2 `memory.max`, no swap; v1 `memory.limit_in_bytes`, and
  `memory.memsw.limit_in_bytes` where swap is accounted; `Sandbox.sandbox_memory_limit`): what
  all its processes hold together, its in-memory /tmp included. RLIMIT_AS still caps each
  process's address space; without this, a solution could fork N processes of that size.
  Past the cap, the kernel's OOM killer ends a process of that sandbox only.

Layout: each sandbox's cgroup is `<parent>/course-sandboxes/<pid namespace>.<grader pid>.<token>.<n>-<kind>`,
in every hierarchy that carries one of the three controllers (cgroup v2: one; v1: one per
controller, e.g. /sys/fs/cgroup/cpu, /pids, /memory). On v1 `<parent>` is the grader's own
cgroup in that hierarchy (so whatever bounds the grader, its container or its session, bounds
its sandboxes too). On v2 it is the nearest cgroup at or above the grader's own that may hold
controllers for children: v2's "no internal processes" rule forbids enabling controllers in a
cgroup that holds processes (the grader's own does: the grader), except at the root; so under
systemd, the grader's slice (e.g. /user.slice/user-1000.slice); without systemd, where the
grader is in the real root cgroup, the root. `course-sandboxes` is shared by all
graders of the machine, so all sandboxes of all workers are siblings with equal weights; it
holds no limit of its own, and is left (empty) when grading ends.

How a sandbox enters its cgroup: its command line starts with a tiny wrapper, `sh -c 'echo $$
> <cgroup>/cgroup.procs ...; exec "$@"' -- prlimit ... bwrap ...`: the sandbox's first process
writes its own pid into the cgroup(s), then becomes prlimit, which becomes bubblewrap; every
process of the sandbox descends from it, so it is in the cgroup from before any student code
runs, and cannot leave it. Being part of the command line, the wrapper works unchanged for
every launcher (jupyter_client's kernel launcher, the check servers' spawner thread, a check
process's Popen). Not `preexec_fn`: subprocess runs it between fork and exec in a child of a
grader with many threads, which Python documents as unsafe (a lock held by another thread at
fork deadlocks it). Not clone3(CLONE_INTO_CGROUP): v2 only, and subprocess cannot ask for it.

Removal (`SandboxCgroup.remove`, once the sandbox's first process has ended or been killed):
every process still in the cgroup is killed (v2 `cgroup.kill`; v1: SIGKILL to each pid of
`cgroup.procs`, through a pidfd opened before checking the pid is still in the cgroup, so a
recycled pid is never hit), until the cgroup is empty, then the cgroup is removed. A cgroup
left by a grader that was killed before it could remove it is removed (only if empty: nothing
is killed) by the next grader of the same PID namespace that makes one there.

Why not systemd-run or cgexec: `systemd-run --scope -p CPUWeight= -p TasksMax= -p MemoryMax=`
is the well-kept way on a machine whose init is systemd, but needs systemd and its D-Bus (not
in containers, Binder, or this course's CI), and costs a D-Bus round trip per sandbox; cgexec
(Debian `cgroup-tools`) only writes a pid into a cgroup made beforehand with cgcreate (cgset,
cgdelete), as the wrapper's one `echo` does, so it would add a package and three programs
for what is a few file writes, and it leaves the v2 choice of a parent to its caller as well.
"""

from __future__ import annotations

import atexit
import errno
import itertools
import os
import secrets
import shutil
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

#: The controllers each sandbox's cgroup uses.
CONTROLLERS = ("cpu", "pids", "memory")
#: The folder, in each hierarchy, that holds every sandbox's cgroup.
PARENT = "course-sandboxes"
#: The CPU weight of every sandbox (v2 cpu.weight; v1 cpu.shares is this * 1024 / 100): the default.
CPU_WEIGHT = 100

#: The wrapper: join every cgroup listed before `--`, then become the rest of the command line.
_JOIN = 'while [ "$1" != -- ]; do echo $$ > "$1" || exit 125; shift; done; shift; exec "$@"'


class CgroupsUnavailable(RuntimeError):
    """The machine's cgroups cannot give a sandbox a cgroup of its own (the message says why)."""


@dataclass(frozen=True)
class Hierarchy:
    """One mounted cgroup hierarchy that carries some of `CONTROLLERS`."""

    version: int  # 1 or 2
    mount: Path  # where it is mounted
    parent: Path  # the folder in which `PARENT` is made (see the module's doc)
    controllers: tuple[str, ...]  # those of CONTROLLERS it carries (v2: those the parent offers)


def _unescape(field: str) -> str:
    """A path as /proc/self/mountinfo writes it (space, tab, newline, backslash octal-escaped)."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def _own_cgroups() -> dict[str, str]:
    """The grader's cgroup per v1 controller, and under "" its v2 cgroup (/proc/self/cgroup)."""
    own: dict[str, str] = {}
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        for controller in controllers.split(",") if controllers else [""]:
            own[controller] = path
    return own


def _below(path: str, root: str) -> str | None:
    """`path` relative to `root` (both cgroup paths), or None if it is not at or below it."""
    if root == "/":
        return path.strip("/")
    if path == root:
        return ""
    if path.startswith(root.rstrip("/") + "/"):
        return path[len(root.rstrip("/")) + 1:]
    return None


def _read(path: Path) -> str:
    return path.read_text()


def _write(path: Path, value: str) -> None:
    """Write `value` to a cgroup file in one write(2), so the kernel's verdict is its errno."""
    fd = os.open(path, os.O_WRONLY)
    try:
        os.write(fd, value.encode())
    finally:
        os.close(fd)


def _v2_parent(mount: Path, own: str) -> Path:
    """The nearest cgroup at or above `own` that may hold controllers for its children: the
    hierarchy's real root (exempt from v2's no-internal-processes rule; it has no
    `cgroup.type`), or one that holds no process (the grader's own always holds the grader)."""
    parts = [part for part in own.strip("/").split("/") if part]
    for depth in range(len(parts), -1, -1):
        folder = mount.joinpath(*parts[:depth])
        if not (folder / "cgroup.type").exists():
            return folder
        if depth < len(parts):
            try:
                if not _read(folder / "cgroup.procs").strip():
                    return folder
            except OSError:
                continue
    return mount  # a namespace's root that holds processes: enabling controllers there says why not


def hierarchies(fs_root: str | Path = "/sys/fs/cgroup", wanted: tuple[str, ...] = CONTROLLERS) -> list[Hierarchy]:
    """The hierarchies mounted at or under `fs_root`, each with those of `wanted` it carries,
    at most one per controller (v1 first: a controller bound to v1 is not offered by v2)."""
    root = os.path.realpath(fs_root)
    try:
        mountinfo = Path("/proc/self/mountinfo").read_text().splitlines()
        own = _own_cgroups()
    except OSError as exc:
        raise CgroupsUnavailable(f"cannot read this process's mounts and cgroups ({exc})") from None
    found: list[Hierarchy] = []
    taken: set[str] = set()
    v2: list[tuple[Path, str]] = []
    for line in mountinfo:
        left, _, right = line.partition(" - ")
        fields, tail = left.split(), right.split()
        if len(fields) < 5 or len(tail) < 3 or tail[0] not in ("cgroup", "cgroup2"):
            continue
        mount_root, mountpoint = _unescape(fields[3]), _unescape(fields[4])
        if not (mountpoint == root or mountpoint.startswith(root.rstrip("/") + "/")):
            continue
        if tail[0] == "cgroup2":
            v2.append((Path(mountpoint), mount_root))
            continue
        controllers = [c for c in wanted if c in tail[2].split(",") and c not in taken]
        if not controllers:
            continue
        relative = _below(own.get(controllers[0], ""), mount_root)
        if relative is None:  # the grader's cgroup is not visible in this mount
            continue
        found.append(Hierarchy(1, Path(mountpoint), Path(mountpoint, relative), tuple(controllers)))
        taken.update(controllers)
    for mountpoint, mount_root in v2:
        relative = _below(own.get("", ""), mount_root)
        if relative is None:
            continue
        parent = _v2_parent(mountpoint, "/" + relative)
        try:
            offered = _read(parent / "cgroup.controllers").split()
        except OSError:
            continue
        controllers = tuple(c for c in wanted if c in offered and c not in taken)
        found.append(Hierarchy(2, mountpoint, parent, controllers))
        taken.update(controllers)
    return found


def pid_namespace() -> str:
    """This process's PID namespace, as the inode number of /proc/self/ns/pid ("0" if unreadable)."""
    try:
        return str(os.stat("/proc/self/ns/pid").st_ino)
    except OSError:
        return "0"


class Cgroups:
    """This machine's cgroup hierarchies, and how to make each sandbox's cgroup in them.

    `process_limit`: pids.max of each; `memory_limit`: its memory cap, in bytes.
    Raises CgroupsUnavailable, saying what is missing, if a controller is not mounted or a
    cgroup cannot be made (`probe()` makes and removes one). `controllers=()` (tests) makes
    cgroups that only group processes, in the cgroup v2 hierarchy under `fs_root`."""

    def __init__(self, process_limit: int, memory_limit: int, fs_root: str | Path = "/sys/fs/cgroup",
                 controllers: tuple[str, ...] = CONTROLLERS) -> None:
        self.process_limit, self.memory_limit, self.fs_root = process_limit, memory_limit, str(fs_root)
        found = hierarchies(fs_root, controllers)
        missing = [c for c in controllers if not any(c in h.controllers for h in found)]
        if missing:
            raise CgroupsUnavailable(
                f"the cgroup controller(s) {', '.join(f'`{c}`' for c in missing)} are not available under "
                f"{fs_root}: neither a cgroup v1 hierarchy with them nor cgroup v2 offering them to "
                f"{', '.join(str(h.parent) for h in found if h.version == 2) or 'a cgroup of this process'}")
        self.hierarchies = [h for h in found if h.controllers] if controllers else [h for h in found if h.version == 2]
        if not self.hierarchies:
            raise CgroupsUnavailable(f"no cgroup hierarchy is mounted under {fs_root}")
        self._token = f"{pid_namespace()}.{os.getpid()}.{secrets.token_hex(3)}"
        self._seq = itertools.count(1)
        self._swept: set[Path] = set()

    def probe(self) -> None:
        """Make and remove one cgroup, moving nothing into it: CgroupsUnavailable if it cannot."""
        self.create("probe").remove()

    def create(self, kind: str) -> SandboxCgroup:
        """A new, empty cgroup with the caps set, for a sandbox about to start."""
        name = f"{self._token}.{next(self._seq)}-{kind}"
        folders: list[Path] = []
        where = self.fs_root
        try:
            for hierarchy in self.hierarchies:
                where = str(hierarchy.parent)
                folder = self._parent(hierarchy) / name
                folder.mkdir()
                folders.append(folder)
                self._set_caps(hierarchy, folder)
        except OSError as exc:
            SandboxCgroup(folders).remove()
            raise CgroupsUnavailable(f"cannot make a sandbox's cgroup in {where}: {exc}") from None
        cgroup = SandboxCgroup(folders)
        _live.add(cgroup)
        return cgroup

    def _parent(self, hierarchy: Hierarchy) -> Path:
        parent = hierarchy.parent / PARENT
        if hierarchy.version == 2:
            _enable(hierarchy.parent, hierarchy.controllers)
        parent.mkdir(exist_ok=True)
        if hierarchy.version == 2:
            _enable(parent, hierarchy.controllers)
        if parent not in self._swept:
            self._swept.add(parent)
            _sweep(parent)
        return parent

    def _set_caps(self, hierarchy: Hierarchy, folder: Path) -> None:
        v2 = hierarchy.version == 2
        for controller in hierarchy.controllers:
            if controller == "cpu":
                weight = CPU_WEIGHT if v2 else CPU_WEIGHT * 1024 // 100
                _write(folder / ("cpu.weight" if v2 else "cpu.shares"), str(weight))
            elif controller == "pids":
                _write(folder / "pids.max", str(self.process_limit))
            elif controller == "memory" and v2:
                _write(folder / "memory.max", str(self.memory_limit))
                if (folder / "memory.swap.max").exists():
                    _write(folder / "memory.swap.max", "0")
            elif controller == "memory":
                _write(folder / "memory.limit_in_bytes", str(self.memory_limit))
                if (folder / "memory.memsw.limit_in_bytes").exists():
                    _write(folder / "memory.memsw.limit_in_bytes", str(self.memory_limit))


def _enable(folder: Path, controllers: tuple[str, ...]) -> None:
    """Have `folder`'s children offered `controllers` (v2's cgroup.subtree_control)."""
    missing = [c for c in controllers if c not in _read(folder / "cgroup.subtree_control").split()]
    if not missing:
        return
    try:
        _write(folder / "cgroup.subtree_control", " ".join(f"+{c}" for c in missing))
    except OSError as exc:
        why = (" (cgroup v2 enables controllers for children only in a cgroup that holds no process "
               "of its own, or at the real root)" if exc.errno == errno.EBUSY else "")
        raise OSError(exc.errno, f"cannot enable {' '.join(missing)} in {folder}/cgroup.subtree_control: "
                                 f"{exc.strerror}{why}") from None


def _sweep(parent: Path) -> None:
    """Remove the empty cgroups that graders of this PID namespace, now gone, left in `parent`."""
    ours = pid_namespace()
    for entry in parent.iterdir() if parent.is_dir() else ():
        namespace, _, rest = entry.name.partition(".")
        pid = rest.partition(".")[0]
        if not entry.is_dir() or namespace != ours or not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
            continue  # its grader is alive
        except ProcessLookupError:
            pass
        except PermissionError:
            continue
        try:
            entry.rmdir()  # only if empty: nothing is killed here
        except OSError:
            pass


class SandboxCgroup:
    """One sandbox's cgroup: a folder in each hierarchy."""

    def __init__(self, folders: list[Path]) -> None:
        self.folders = list(folders)
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.folders[0].name if self.folders else ""

    def wrap(self, argv: list[str]) -> list[str]:
        """`argv`, run by a first process that moves itself into this cgroup before it becomes `argv`."""
        return [shutil.which("sh") or "/bin/sh", "-c", _JOIN, "course-cgroup",
                *(str(folder / "cgroup.procs") for folder in self.folders), "--", *argv]

    def pids(self) -> set[int]:
        """The processes in this cgroup now (none, once it is removed)."""
        found: set[int] = set()
        for folder in self.folders:
            try:
                found.update(int(pid) for pid in _read(folder / "cgroup.procs").split())
            except FileNotFoundError:
                pass
        return found

    def remove(self, timeout: float = 10.0) -> bool:
        """Kill every process left in the cgroup, then remove it. False if it could not be
        removed within `timeout` seconds (it is tried again when this process exits)."""
        with self._lock:
            deadline, pause = time.monotonic() + timeout, 0.001
            while True:
                left = []
                for folder in self.folders:
                    try:
                        folder.rmdir()
                    except FileNotFoundError:
                        pass
                    except OSError:
                        left.append(folder)
                self.folders = left
                if not left:
                    _live.discard(self)
                    return True
                if time.monotonic() > deadline:
                    return False
                self._kill(left)
                time.sleep(pause)
                pause = min(pause * 2, 0.05)

    def _kill(self, folders: list[Path]) -> None:
        for folder in folders:
            if (folder / "cgroup.kill").exists():  # cgroup v2, Linux 5.14+: every process, forks included
                try:
                    _write(folder / "cgroup.kill", "1")
                    continue
                except OSError:
                    pass
            try:
                listed = _read(folder / "cgroup.procs").split()
            except OSError:
                continue
            handles = []
            for pid in map(int, listed):
                try:
                    handles.append((pid, os.pidfd_open(pid)))
                except ProcessLookupError:
                    pass
                except (AttributeError, OSError):  # no pidfds (Linux before 5.3): the pid itself
                    handles.append((pid, None))
            try:
                # Signal a process only if its pid is still in the cgroup once its pidfd is held:
                # a pid recycled by a process outside is then never signalled.
                still = set(map(int, _read(folder / "cgroup.procs").split()))
            except OSError:
                still = set()
            for pid, handle in handles:
                try:
                    if pid in still and handle is not None:
                        signal.pidfd_send_signal(handle, signal.SIGKILL)
                    elif pid in still:
                        os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
                finally:
                    if handle is not None:
                        os.close(handle)


#: Cgroups made by this process and not removed yet: removed when it exits.
_live: set[SandboxCgroup] = set()


@atexit.register
def _remove_left() -> None:
    for cgroup in list(_live):
        cgroup.remove(timeout=2.0)
