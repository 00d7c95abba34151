"""Every sandbox runs in a cgroup of its own (course.grading.cgroups), tested for real.

Each test starts real sandboxes (bubblewrap, prlimit, the machine's cgroups: v1 or v2,
whichever it has) as the grader does, and looks from outside: /proc/<pid>/cgroup, the
cgroup's own files, the processes left. No mocks, and no wall-clock time is asserted: the
CPU-share test compares CPU time the kernel accounted to two sandboxes running side by side.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from course.grading.cgroups import CPU_WEIGHT, Cgroups, hierarchies
from course.grading.sandbox import PROCESS_LIMIT, Sandbox, SandboxUnavailable


def _start(code: str, scratch: Path, sandbox: Sandbox):
    """Start `code` confined in a cgroup of its own: (process, cgroup). The caller removes the cgroup."""
    scratch.mkdir(parents=True, exist_ok=True)
    cgroup = sandbox.cgroup("test")
    command = sandbox.command([sys.executable, "-c", textwrap.dedent(code)], scratch, cgroup=cgroup)
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                               start_new_session=True)
    return process, cgroup


def _cgroup_lines(pid: int) -> dict[str, str]:
    """/proc/<pid>/cgroup, read from outside: {controller (or "" for v2): path}."""
    found = {}
    for line in Path(f"/proc/{pid}/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        for controller in controllers.split(",") if controllers else [""]:
            found[controller] = path
    return found


def _cgroup_of(pid: int, controller: str) -> Path:
    """The folder of `pid`'s cgroup for `controller`, in the hierarchy that carries it here."""
    lines = _cgroup_lines(pid)
    for hierarchy in hierarchies():
        if controller in hierarchy.controllers:
            path = lines[controller] if hierarchy.version == 1 else lines[""]
            return hierarchy.mount / path.lstrip("/")
    raise AssertionError(f"no hierarchy carries {controller}")


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/<pid>/stat after the command name (state first), or None if gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None


def _identity(pid: int) -> tuple[int, str] | None:
    """`pid` with its start time (clock ticks after boot, stat field 22): unlike the pid, which
    the kernel hands out again once a process is reaped (pid_max is 32768 here, and CI forks
    many processes beside these tests), it names one process for good. None if `pid` is gone."""
    fields = _stat(pid)
    return (pid, fields[19]) if fields else None


def _identities(pids) -> set[tuple[int, str]]:
    return {identity for identity in map(_identity, pids) if identity is not None}


_PF_EXITING = 0x4  # include/linux/sched.h: set as a thread enters do_exit, before it leaves its cgroups


def _alive(identity: tuple[int, str]) -> bool:
    """Whether the process `identity` names can still run code: one of its threads is neither a
    zombie nor exiting. A process that now has its pid, started later, is another process.

    A thread killed by SIGKILL leaves its cgroups in do_exit (cgroup_exit) a moment before it
    becomes a zombie (exit_notify): on a busy machine a cgroup can be gone while its last
    process, already exiting, still shows state R. Its PF_EXITING flag (stat field 9) says it
    has ended all the same."""
    pid, started = identity
    fields = _stat(pid)
    if fields is None or fields[19] != started:
        return False
    try:
        threads = [path.name for path in Path(f"/proc/{pid}/task").iterdir()]
    except OSError:
        return False
    for thread in threads:
        try:
            state = Path(f"/proc/{pid}/task/{thread}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if state[0] not in ("Z", "X") and not int(state[6]) & _PF_EXITING:
            return True
    return False


def _described(identities) -> str:
    """What /proc says of each process in `identities`: for a failure's message."""
    return "; ".join(f"{pid}: {' '.join((_stat(pid) or ['gone'])[:7])}" for pid, _ in identities)


def _cpu_seconds(pids: set[int]) -> float:
    """CPU time (user + system) the kernel accounted to `pids`, those still there."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def test_forks_past_the_process_limit_fail_and_below_it_work(tmp_path):
    limit = 24
    code = """
    import errno, json, os, sys
    children, error = [], None
    while len(children) < 200:
        try:
            pid = os.fork()
        except OSError as exc:
            error = [type(exc).__name__, exc.errno]
            break
        if pid == 0:
            os.read(0, 1)  # wait until the sandbox ends
            os._exit(0)
        children.append(pid)
    first = len(children)
    for pid in children[:5]:  # five end: five more can be forked
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    again = 0
    for _ in range(5):
        pid = os.fork()
        if pid == 0:
            os.read(0, 1)
            os._exit(0)
        again += 1
    print(json.dumps({"forked": first, "error": error, "again": again}), flush=True)
    """
    process, cgroup = _start(code, tmp_path / "scratch", Sandbox(process_limit=limit))
    try:
        seen = json.loads(process.stdout.readline())
    finally:
        process.kill()
        process.wait()
        assert cgroup.remove()
    assert seen["error"] == ["BlockingIOError", errno.EAGAIN], seen
    # The cap counts every task of the sandbox: besides the forked children, bubblewrap's
    # two processes and the Python that forks.
    assert limit - 4 <= seen["forked"] < limit, seen
    assert seen["again"] == 5, seen


def test_processes_of_one_sandbox_share_its_memory_cap(tmp_path):
    """Four children of 80 MiB each, in a sandbox of 200 MiB: each is far under its own
    address-space cap (RLIMIT_AS, 2 GiB), but together they pass the sandbox's, and the
    kernel kills one of them (SIGKILL), not a process outside."""
    code = """
    import json, os
    children = []
    for _ in range(4):
        ready_read, ready_write = os.pipe()
        go_read, go_write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(go_write)
            for _, earlier in children:
                os.close(earlier)
            held = b"x" * (80 * 2**20)  # written, so resident
            os.write(ready_write, b"1")
            os.read(go_read, 1)  # hold it until told to end
            os._exit(0)
        os.close(ready_write)
        os.close(go_read)
        os.read(ready_read, 1)  # allocated (or killed: end of file)
        children.append((pid, go_write))
    for _, go in children:
        os.close(go)
    statuses = [os.waitpid(pid, 0)[1] for pid, _ in children]
    print(json.dumps({"killed": [os.WIFSIGNALED(s) and os.WTERMSIG(s) for s in statuses],
                      "exited": [os.WIFEXITED(s) and os.WEXITSTATUS(s) for s in statuses]}), flush=True)
    """
    process, cgroup = _start(code, tmp_path / "scratch", Sandbox(sandbox_memory_limit=200 * 2**20))
    try:
        seen = json.loads(process.stdout.readline())
    finally:
        process.kill()
        process.wait()
        assert cgroup.remove()
    assert 9 in seen["killed"], seen
    assert all(k == 9 or e == 0 for k, e in zip(seen["killed"], seen["exited"])), seen


def test_a_sandbox_is_in_a_cgroup_of_its_own_with_the_caps(tmp_path):
    sandbox = Sandbox(process_limit=PROCESS_LIMIT, sandbox_memory_limit=768 * 2**20)
    code = """
    import os, sys
    print(os.getpid(), flush=True)
    sys.stdin.readline()
    """
    first, first_cgroup = _start(code, tmp_path / "first", sandbox)
    second, second_cgroup = _start(code, tmp_path / "second", sandbox)
    try:
        first.stdout.readline(), second.stdout.readline()
        # The host's pid of each sandbox's Python: the one process of its cgroup that is not bubblewrap.
        pythons = []
        for cgroup in (first_cgroup, second_cgroup):
            bwrap = Path(Sandbox().bwrap_path).resolve()
            pids = [pid for pid in cgroup.pids() if Path(f"/proc/{pid}/exe").resolve() != bwrap]
            assert len(pids) == 1, pids
            pythons.append(pids[0])
        folders = {}
        for controller in ("cpu", "pids", "memory"):
            folders[controller] = [_cgroup_of(pid, controller) for pid in pythons]
            assert folders[controller][0] != folders[controller][1], folders  # one cgroup each
            assert folders[controller][0].name == first_cgroup.name, folders
            assert folders[controller][0] != _cgroup_of(os.getpid(), controller)  # not the grader's
        for folder in folders["pids"]:
            assert (folder / "pids.max").read_text().strip() == str(PROCESS_LIMIT)
        for folder in folders["cpu"]:
            weight = folder / "cpu.weight"
            if weight.exists():
                assert weight.read_text().strip() == str(CPU_WEIGHT)
            else:
                assert (folder / "cpu.shares").read_text().strip() == str(CPU_WEIGHT * 1024 // 100)
        for folder in folders["memory"]:
            limit = folder / "memory.max"
            if not limit.exists():
                limit = folder / "memory.limit_in_bytes"
            assert limit.read_text().strip() == str(768 * 2**20)
    finally:
        for process in (first, second):
            process.kill()
            process.wait()
        assert first_cgroup.remove() and second_cgroup.remove()
    for folder in (*folders["cpu"], *folders["pids"], *folders["memory"]):
        assert not folder.exists(), f"{folder} was left"


@pytest.mark.parametrize("isolated", [True, False], ids=["sandboxed", "sandbox off"])
def test_the_cgroup_goes_with_the_sandbox_and_takes_setsid_spinners_along(tmp_path, isolated):
    """The sandbox's first process ends, leaving children that made sessions of their own and
    spin: removing the cgroup kills them all and removes it. (Sandboxed, bubblewrap's PID
    namespace would take them along anyway; with the sandbox off, only the cgroup does.)"""
    code = """
    import os, sys, time
    for _ in range(8):
        if os.fork() == 0:
            os.setsid()
            while True:
                pass
    print("spinning", flush=True)
    sys.stdin.readline()
    """
    process, cgroup = _start(code, tmp_path / "scratch", Sandbox(enabled=isolated))
    spinners: set[tuple[int, str]] = set()
    try:
        assert process.stdout.readline().strip() == "spinning"
        deadline = time.monotonic() + 10
        while len(spinners) < 8 and time.monotonic() < deadline:
            spinners = {ident for ident in _identities(cgroup.pids()) if ident[0] != process.pid and _alive(ident)}
        folders = list(cgroup.folders)
        assert len(spinners) >= 8, spinners
        if not isolated:
            process.stdin.close()  # the first process ends on its own; its spinners stay
            process.wait()
            assert any(_alive(ident) for ident in spinners), "the spinners ended with their parent"
        else:
            os.killpg(process.pid, 9)  # as the grader kills a sandbox
            process.wait()
        assert cgroup.remove()
    finally:
        for ident in spinners:  # never leave one behind, even when the test fails
            if _alive(ident) and ident[0] in cgroup.pids():
                os.kill(ident[0], 9)
        if process.poll() is None:
            process.kill()
            process.wait()
    left = [ident for ident in spinners if _alive(ident)]
    assert not left, f"spinners outlived their sandbox's cgroup: {left}"
    assert not any(folder.exists() for folder in folders), folders


def test_setsid_spinners_share_one_sandboxs_cpu(tmp_path):
    """A sandbox whose 16 children each made a session of its own and spin, and a sandbox with
    one spinning process: the kernel gives the second about as much CPU as all of the first's
    children together (in the root CPU cgroup, scheduler autogroups would give it ~1/16)."""
    sandbox = Sandbox()
    crowd, crowd_cgroup = _start("""
    import os, sys
    for _ in range(16):
        if os.fork() == 0:
            os.setsid()
            while True:
                pass
    print("spinning", flush=True)
    sys.stdin.readline()
    """, tmp_path / "crowd", sandbox)
    try:
        assert crowd.stdout.readline().strip() == "spinning"
        spinners = {pid for pid in crowd_cgroup.pids() if pid != crowd.pid}
        before = _cpu_seconds(spinners)
        # (10 s of wall time is only a guard, so that a failure ends; it is never asserted.)
        lone, lone_cgroup = _start("""
            import json, time
            start, wall = time.process_time(), time.monotonic()
            while time.process_time() - start < 1.5 and time.monotonic() - wall < 10:
                pass
            print(json.dumps({"cpu": time.process_time() - start}), flush=True)
            """, tmp_path / "lone", sandbox)
        report = lone.stdout.readline()
        crowd_cpu = _cpu_seconds(spinners) - before
        lone.wait()
        assert lone_cgroup.remove()
    finally:
        os.killpg(crowd.pid, 9)
        crowd.wait()
        assert crowd_cgroup.remove()
    lone_cpu = json.loads(report)["cpu"]
    assert lone_cpu >= 0.25 * crowd_cpu, (
        f"one process got {lone_cpu:.2f} CPU-s while 16 setsid spinners in another sandbox got {crowd_cpu:.2f}")


def _v2_mount() -> Path | None:
    for line in Path("/proc/self/mountinfo").read_text().splitlines():
        left, _, right = line.partition(" - ")
        if right.split()[:1] == ["cgroup2"]:
            return Path(left.split()[4])
    return None


@pytest.mark.skipif(_v2_mount() is None, reason="no cgroup v2 hierarchy mounted")
def test_cgroup_v2_mechanics_join_kill_and_remove(tmp_path):
    """The v2 side with whatever controllers the v2 hierarchy has (none, where the machine is
    hybrid and v1 holds them all): a process joins at start, its setsid children with it,
    and removal (cgroup.kill) takes them all and removes the cgroup."""
    mount = _v2_mount()
    cgroups = Cgroups(PROCESS_LIMIT, 2**30, mount, controllers=())
    cgroup = cgroups.create("test")
    process = subprocess.Popen(cgroup.wrap([sys.executable, "-c", textwrap.dedent("""
        import os, sys
        for _ in range(4):
            if os.fork() == 0:
                os.setsid()
                while True:
                    pass
        print("spinning", flush=True)
        sys.stdin.readline()
        """)]), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "spinning"
        pids = cgroup.pids()
        assert process.pid in pids and len(pids) == 5, pids
        processes = _identities(pids)
        path = "/" + str(cgroup.folders[0].relative_to(mount))
        assert _cgroup_lines(process.pid)[""].endswith(path), _cgroup_lines(process.pid)
        folders = list(cgroup.folders)
        assert cgroup.remove()
        process.wait()
    finally:
        for pid in cgroup.pids():
            os.kill(pid, 9)
        if process.poll() is None:
            process.kill()
            process.wait()
    assert not [ident for ident in processes if _alive(ident)]
    assert not folders[0].exists()


def test_without_cgroups_grading_refuses_naming_what_is_missing_and_the_way_out(tmp_path):
    sandbox = Sandbox(cgroup_fs=str(tmp_path))  # no cgroup file system there
    with pytest.raises(SandboxUnavailable) as refused:
        sandbox.require()
    message = str(refused.value)
    assert "`cpu`" in message and "`pids`" in message and "`memory`" in message, message
    assert "c.Sandbox.cgroups = False" in message, message
    with pytest.raises(ValueError):  # no sandbox's command without its cgroup
        Sandbox().command([sys.executable, "-c", "pass"], tmp_path)
    off = Sandbox(cgroups=False, cgroup_fs=str(tmp_path))
    off.require()
    assert off.cgroup("test") is None
    assert not any("cgroup.procs" in part for part in off.command([sys.executable, "-c", "pass"], tmp_path))


def _ours(kind: str) -> list[Path]:
    """This process's sandbox cgroups of `kind` there are now, in the pids hierarchy."""
    pids = next(h for h in hierarchies() if "pids" in h.controllers)
    parent = pids.parent / "course-sandboxes"
    prefix = f"{os.stat('/proc/self/ns/pid').st_ino}.{os.getpid()}."
    return [entry for entry in parent.iterdir() if entry.name.startswith(prefix) and entry.name.endswith(f"-{kind}")]


@pytest.mark.parametrize("how", ["on its own", "on a check server"])
def test_a_check_process_runs_in_a_cgroup_removed_with_its_leftovers(how):
    """A problem's checks, run as the grader runs them (`ProblemChecks`): their sandbox is in a
    cgroup of its own with the caps while they run; the setsid spinners its solution left
    are gone, and so is the cgroup, once the checks (or, on a server, the server) ended."""
    from course.grading.check_server import CheckServers
    from course.grading.problem_checks import ProblemChecks, _boot_paths, split_problems
    from course.tests.test_problem_checks import _notebook

    solution = ("import os\n"
                "for _ in range(4):\n"
                "    if os.fork() == 0:\n"
                "        os.setsid()\n"
                "        while True:\n"
                "            pass\n"
                "def f():\n"
                "    return 1")
    sandbox = Sandbox(problem_timeout=60.0)
    servers = CheckServers(sandbox, 1, _boot_paths()) if how == "on a check server" else None
    kind = "checks" if servers else "check"
    before = set(_ours(kind))
    checks = ProblemChecks({}, sandbox, workers=1, fork_server=servers or False)
    seen: set[tuple[int, str]] = set()  # every process of the sandbox: bubblewrap's, the checks', the spinners
    try:
        checks.start("p01", split_problems(_notebook(solution, "import time\ntime.sleep(3)\nprint(f())"))["p01"])
        deadline = time.monotonic() + 30
        folders: list[Path] = []
        while time.monotonic() < deadline and len(seen) < 3 + 4:
            folders = [f for f in _ours(kind) if f not in before]
            for folder in folders:
                try:
                    seen = _identities(int(pid) for pid in (folder / "cgroup.procs").read_text().split())
                except FileNotFoundError:
                    pass
            time.sleep(0.02)
        assert len(folders) == 1, folders
        assert (folders[0] / "pids.max").read_text().strip() == str(PROCESS_LIMIT)
        result = checks.result("p01")
        assert result.ended == "done" and result.outputs["p01_test_0"][0]["text"] == "1\n", result
    finally:
        checks.close()
        if servers is not None:
            servers.close()
    assert len(seen) >= 3 + 4, seen
    left = [ident for ident in seen if _alive(ident)]
    assert not left, f"processes of the checks' sandbox outlived it: {_described(left)}; cgroup {folders[0]} " + (
        "left" if folders[0].exists() else "removed")
    assert not folders[0].exists(), f"{folders[0]} was left"


def test_a_notebook_kernel_runs_in_a_cgroup_of_its_own_a_new_one_per_restart():
    """The sandboxed kernel (as ExecuteIsolated starts it): its process is in a cgroup of its
    own with the caps (read from outside); a restart gets a new cgroup and the old one goes,
    and so does the last one at shutdown, with the setsid spinners a cell left."""
    import asyncio

    from course.grading.sandboxed_kernel import SandboxedKernelManager

    spin = ("import os\n"
            "for _ in range(4):\n"
            "    if os.fork() == 0:\n"
            "        os.setsid()\n"
            "        while True:\n"
            "            pass\n")

    async def run():
        km = SandboxedKernelManager(kernel_name="python3", sandbox=Sandbox(process_limit=40))
        folders, seen = [], set()
        await km.start_kernel()
        try:
            for round in range(2):
                if round:
                    await km.restart_kernel(now=True)
                client = km.client()
                client.start_channels()
                try:
                    await client.wait_for_ready(timeout=60)
                    # The sandbox's first process (bubblewrap; it joined its cgroup before it became bubblewrap).
                    pid = km.provisioner.process.pid
                    folder = _cgroup_of(pid, "pids")
                    assert folder.name.endswith("-kernel") and folder not in folders, (folder, folders)
                    assert folder != _cgroup_of(os.getpid(), "pids")
                    assert (folder / "pids.max").read_text().strip() == "40"
                    assert _cgroup_of(pid, "cpu").name == _cgroup_of(pid, "memory").name == folder.name
                    folders.append(folder)
                    reply = await client.execute_interactive(spin, timeout=30)
                    assert reply["content"]["status"] == "ok", reply
                finally:
                    client.stop_channels()
                seen |= _identities(int(p) for p in (folder / "cgroup.procs").read_text().split())
        finally:
            await km.shutdown_kernel(now=True)
        return folders, seen

    folders, seen = asyncio.run(run())
    assert len(seen) >= 2 * 4, seen
    deadline = time.monotonic() + 10  # (a killed process's exit is asynchronous, but quick)
    while any(_alive(ident) for ident in seen) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not [ident for ident in seen if _alive(ident)], "a kernel's processes outlived it"
    assert not [folder for folder in folders if folder.exists()], folders
