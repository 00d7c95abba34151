"""The grading sandbox confines what runs in it (course.grading.sandbox), tested for real.

Each test runs `python -c CODE` through `Sandbox().command(...)` with
subprocess, as the grader runs kernels and check processes, with the real
bubblewrap and prlimit: no mocks. The code inside reports what it could do as
one JSON line; the test then also looks at the host side (a file that must
not exist, a process that must be gone).

Where code inside does something that would harm the machine if the sandbox
were missing (`os.kill(-1, SIGKILL)` as root kills every process), it first
checks that it cannot see this test's process, and refuses otherwise: a broken
sandbox then fails the test instead of taking the machine down.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import course
from course.grading.sandbox import PACKAGE, Sandbox, SandboxUnavailable

ROOT = Path(__file__).resolve().parents[2]


@contextlib.contextmanager
def _confined(argv: list[str], scratch: Path, sandbox: Sandbox | None = None, **options):
    """The command line that runs `argv` confined, in a cgroup of its own, removed (whatever is
    left in it killed) when the block ends, as the grader's callers do."""
    sandbox = sandbox or Sandbox()
    cgroup = sandbox.cgroup("test")
    try:
        yield sandbox.command(argv, scratch, cgroup=cgroup, **options)
    finally:
        if cgroup is not None:
            assert cgroup.remove()


def _run(code: str, scratch: Path, sandbox: Sandbox | None = None, timeout: float = 60) -> dict:
    """Run `code` confined with `scratch` as its scratch folder; the JSON it printed last."""
    scratch.mkdir(parents=True, exist_ok=True)
    with _confined([sys.executable, "-c", textwrap.dedent(code)], scratch, sandbox) as command:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    lines = done.stdout.strip().splitlines()
    assert lines, f"the sandboxed code printed nothing (exit {done.returncode}):\n{done.stderr}"
    return json.loads(lines[-1])


# Code inside: try each action, report "ok" or the error it raised.
_TRY = """
import json, os, sys
def attempt(action):
    try:
        result = action()
        return "ok" if result is None else result
    except BaseException as exc:
        return f"{type(exc).__name__}: {exc}"
"""


def _read_attempts(paths: list[Path], scratch: Path) -> dict[str, str]:
    code = _TRY + f"""
paths = {[str(p) for p in paths]!r}
print(json.dumps({{p: attempt(lambda p=p: open(p, "rb").read(64) and "read") for p in paths}}))
"""
    return _run(code, scratch)


# --- reading ----------------------------------------------------------------

def test_cannot_read_a_course_folder_outside_scratch(tmp_path):
    course_dir = tmp_path / "course"
    (course_dir / "source" / "async_patterns").mkdir(parents=True)
    secrets_ = {course_dir / "gradebook.db": b"SQLite format 3\x00 hidden tests",
                course_dir / "source" / "async_patterns" / "1_easy.ipynb": b'{"cells": ["BEGIN HIDDEN TESTS"]}',
                course_dir / "nbgrader_config.py": b"c = get_config()\n"}
    for path, content in secrets_.items():
        path.write_bytes(content)
        assert path.read_bytes() == content  # readable from outside: the test itself can
    seen = _read_attempts(list(secrets_), tmp_path / "scratch")
    for path in secrets_:
        assert seen[str(path)].startswith("FileNotFoundError"), f"{path}: {seen[str(path)]}"


def test_a_folder_bound_read_only_under_tmp_is_readable(tmp_path):
    # The sandbox mounts a fresh /tmp: a Python environment or course package that lives
    # under /tmp (a CI clone, say) must still show through it, read-only.
    assert str(tmp_path).startswith("/tmp/")
    package = tmp_path / "env"
    package.mkdir()
    (package / "module.py").write_text("VALUE = 42\n")
    code = _TRY + f"""
path = {str(package / "module.py")!r}
print(json.dumps({{"read": attempt(lambda: open(path).read().strip()),
                   "write": attempt(lambda: open(path, "a").write("x") and None)}}))
"""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    with _confined([sys.executable, "-c", code], scratch, read_only=(package,)) as command:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["read"] == "VALUE = 42" and seen["write"].startswith("OSError"), seen


def test_cannot_read_the_real_courses_source_and_config(tmp_path):
    private = [ROOT / "source" / "async_patterns" / "1_easy.ipynb", ROOT / "nbgrader_config.py"]
    for path in private:
        assert path.is_file(), f"{path} should exist in the repository"
    seen = _read_attempts(private, tmp_path / "scratch")
    for path in private:
        assert seen[str(path)].startswith("FileNotFoundError"), f"{path}: {seen[str(path)]}"


# --- writing ----------------------------------------------------------------

WRITE_TARGETS = {
    "course folder": lambda tmp_path: tmp_path / "course",
    "grader's home": lambda tmp_path: Path(os.path.expanduser("~")),
    "virtual environment": lambda tmp_path: Path(sys.prefix),
    "course package": lambda tmp_path: Path(course.__file__).resolve().parent,
}


@pytest.mark.parametrize("where", sorted(WRITE_TARGETS))
def test_cannot_write_outside_scratch(tmp_path, where):
    folder = WRITE_TARGETS[where](tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    probe = folder / f"sandbox-probe-{secrets.token_hex(8)}"
    code = _TRY + f"""
probe = {str(probe)!r}
def write():
    os.makedirs(os.path.dirname(probe), exist_ok=True)
    with open(probe, "w") as f:
        f.write("escaped")
print(json.dumps({{"write": attempt(write)}}))
"""
    try:
        seen = _run(code, tmp_path / "scratch")
        # Inside, the write fails (a read-only bind), or lands in the sandbox's
        # own throwaway filesystem: either way, never on the host.
        assert not probe.exists(), f"code in the sandbox wrote {probe} on the host ({seen})"
    finally:
        probe.unlink(missing_ok=True)
    if where in ("virtual environment", "course package"):  # bound read-only: visible, not writable
        assert "Read-only file system" in seen["write"], seen


def test_can_write_into_scratch_and_home_is_scratch(tmp_path):
    scratch = tmp_path / "scratch"
    code = _TRY + """
def write():
    with open(os.path.join(os.environ["HOME"], "notes.txt"), "w") as f:
        f.write("kept")
print(json.dumps({"write": attempt(write), "home": os.environ.get("HOME"),
                  "expanded": os.path.expanduser("~"), "cwd": os.getcwd()}))
"""
    seen = _run(code, scratch)
    assert seen["write"] == "ok", seen
    assert seen["home"] == seen["expanded"] == seen["cwd"] == str(scratch), seen
    # HOME is a tmpfs of the sandbox's own at that path: nothing written there reaches the host.
    assert not (scratch / "notes.txt").exists()


# --- network ----------------------------------------------------------------

def test_no_connection_to_a_port_the_grader_listens_on(tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass  # reachable from outside the sandbox
        code = _TRY + f"""
import socket
def connect():
    socket.create_connection(("127.0.0.1", {port}), timeout=5).close()
print(json.dumps({{"connect": attempt(connect), "interfaces": [n for _, n in socket.if_nameindex()]}}))
"""
        seen = _run(code, tmp_path / "scratch")
    assert seen["connect"].startswith("ConnectionRefusedError"), seen
    assert seen["interfaces"] == ["lo"], f"the sandbox has network interfaces: {seen['interfaces']}"


def test_no_connection_to_a_public_address(tmp_path):
    code = _TRY + """
import socket
def connect():
    socket.create_connection(("1.1.1.1", 443), timeout=5).close()
def resolve():
    return socket.gethostbyname("pypi.org")
print(json.dumps({"connect": attempt(connect), "resolve": attempt(resolve)}))
"""
    seen = _run(code, tmp_path / "scratch")
    assert seen["connect"].startswith("OSError: [Errno 101] Network is unreachable"), seen
    assert seen["resolve"].startswith("gaierror"), seen


# --- processes --------------------------------------------------------------

# Refuse to send a signal to "every process" unless this test's own process is invisible.
_ISOLATED_OR_REFUSE = """
if os.path.exists("/proc/{pid}"):
    print(json.dumps({{"refused": "the test's process is visible: not in a PID namespace of its own"}}))
    sys.exit(0)
"""


def test_cannot_see_or_signal_the_grader(tmp_path):
    me = os.getpid()
    code = _TRY + f"""
print(json.dumps({{"signal 0": attempt(lambda: os.kill({me}, 0)),
                  "visible": os.path.exists("/proc/{me}"),
                  "processes": sorted(int(p) for p in os.listdir("/proc") if p.isdigit())}}))
"""
    seen = _run(code, tmp_path / "scratch")
    assert seen["signal 0"].startswith("ProcessLookupError"), seen
    assert seen["visible"] is False, seen
    assert len(seen["processes"]) <= 3, f"the sandbox sees processes it did not start: {seen['processes']}"


def test_killing_every_process_inside_reaches_nothing_outside(tmp_path):
    bystander = subprocess.Popen(["sleep", "60"])  # a process of the grader's user, outside
    try:
        code = _TRY + _ISOLATED_OR_REFUSE.format(pid=os.getpid()) + """
import signal
print(json.dumps({"kill -1": attempt(lambda: os.kill(-1, signal.SIGKILL)),
                  "kill parent": attempt(lambda: os.kill(os.getppid(), signal.SIGKILL))}))
"""
        seen = _run(code, tmp_path / "scratch")
        assert "refused" not in seen, seen
        assert bystander.poll() is None, f"a process outside the sandbox was killed ({seen})"
    finally:
        bystander.kill()
        bystander.wait()


def _processes_with(marker: str) -> list[int]:
    """Host pids whose command line is `sleep <marker>`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if argv[:2] == [b"sleep", marker.encode()]:
            found.append(int(entry.name))
    return found


def test_a_new_session_child_does_not_outlive_the_sandbox(tmp_path):
    marker = str(10**8 + secrets.randbelow(10**8))  # `sleep <marker>`: found by its command line
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    code = f"""
import subprocess, sys, time
subprocess.Popen(["sleep", "{marker}"], start_new_session=True)
print("started", flush=True)
sys.stdin.readline()  # wait until the test has seen the child running
"""
    # (No cgroup: the PID namespace alone must take the child along.)
    sandbox = subprocess.Popen(Sandbox(cgroups=False).command([sys.executable, "-c", code], scratch),
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert sandbox.stdout.readline().strip() == "started"
        deadline = time.monotonic() + 10
        while not _processes_with(marker) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _processes_with(marker), "the child never showed up on the host (the scan is broken)"
        sandbox.stdin.write("go\n")
        sandbox.stdin.flush()
        assert sandbox.wait(timeout=30) == 0
    finally:
        if sandbox.poll() is None:
            sandbox.kill()
            sandbox.wait()
    deadline = time.monotonic() + 5  # the PID namespace's teardown is asynchronous, but quick
    while _processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = _processes_with(marker)
    for pid in alive:  # never leave it behind, even when the test fails
        os.kill(pid, 9)
    assert not alive, f"`sleep {marker}` (pids {alive}) outlived the sandbox that started it"


# --- resources ----------------------------------------------------------------

def test_a_memory_bomb_gets_memory_error_under_the_limit(tmp_path):
    limit = 512 * 2**20
    code = """
import json
hog = []
try:
    while True:
        hog.append(b"x" * (16 * 2**20))
except MemoryError:
    print(json.dumps({"stopped": "MemoryError", "held": len(hog) * 16 * 2**20}))
"""
    seen = _run(code, tmp_path / "scratch", Sandbox(memory_limit=limit))
    assert seen["stopped"] == "MemoryError"
    assert 0 < seen["held"] <= limit, seen


# --- without bubblewrap, and turned off ------------------------------------------------

def test_a_missing_bwrap_is_refused_naming_the_package_and_the_way_out(tmp_path):
    sandbox = Sandbox(bwrap="/nonexistent/bwrap")
    with pytest.raises(SandboxUnavailable) as refused:
        sandbox.require()
    message = str(refused.value)
    assert PACKAGE == "bubblewrap"
    assert "bubblewrap" in message and "c.Sandbox.enabled = False" in message, message
    cgroup = sandbox.cgroup("test")
    try:
        with pytest.raises(SandboxUnavailable):  # and no command is made that would run unconfined
            sandbox.command([sys.executable, "-c", "pass"], tmp_path, cgroup=cgroup)
    finally:
        cgroup.remove()


def test_turned_off_the_command_runs_unsandboxed(tmp_path):
    outside = tmp_path / "course" / "gradebook.db"
    outside.parent.mkdir()
    outside.write_text("visible")
    me = os.getpid()
    code = _TRY + f"""
print(json.dumps({{"read": attempt(lambda: open({str(outside)!r}).read()),
                  "signal 0": attempt(lambda: os.kill({me}, 0)),
                  "home": os.environ.get("HOME")}}))
"""
    sandbox = Sandbox(enabled=False, bwrap="/nonexistent/bwrap")
    sandbox.require()  # off: nothing is required
    with _confined([sys.executable, "-c", "pass"], tmp_path, sandbox) as command:
        assert not any("bwrap" in part for part in command), command
    seen = _run(code, tmp_path / "scratch", sandbox)
    assert seen["read"] == "visible" and seen["signal 0"] == "ok", seen
    assert seen["home"] == os.environ.get("HOME"), seen


def test_the_hosts_device_nodes_keep_their_modes(tmp_path):
    # Found while building the check servers: bubblewrap's `--dev` binds the host's own
    # /dev/null and the like, which a sandboxed process that is root (the grader's user)
    # owns, so chmod reached the host's node, for every other sandbox and the machine.
    devices = ("null", "zero", "full", "random", "urandom", "tty")
    before = {name: os.stat(f"/dev/{name}").st_mode for name in devices}
    try:
        report = _run(f"""
            import json, os
            changed = []
            for name in {devices!r}:
                try:
                    os.chmod("/dev/" + name, 0o600)  # (still writable by its owner, this process)
                    changed.append(name)
                except OSError:
                    pass
            with open("/dev/null", "w") as sink:
                sink.write("still a sink")
            print(json.dumps({{"changed": changed, "random": len(open("/dev/urandom", "rb").read(8))}}))
        """, tmp_path / "scratch")
        after = {name: os.stat(f"/dev/{name}").st_mode for name in devices}
    finally:
        for name, mode in before.items():  # put the machine back if the sandbox failed
            if os.stat(f"/dev/{name}").st_mode != mode:
                os.chmod(f"/dev/{name}", mode & 0o7777)
    assert report["random"] == 8
    assert after == before


@pytest.mark.parametrize("how", ["gone already", "locked inside", "locked itself"])
def test_removing_a_scratch_folder_never_touches_the_folder_holding_it(tmp_path, how):
    # The folder holding scratch folders is the host's /tmp (mode 1777): removing a scratch
    # folder once chmod-ed its parent to 0700 (when it was already gone), locking every
    # other user out of /tmp.
    from course.grading.sandbox import remove_scratch

    parent = tmp_path / "tmp"
    parent.mkdir()
    parent.chmod(0o1777)
    scratch = parent / "course-kernel-x"
    if how != "gone already":
        (scratch / "locked" / "deeper").mkdir(parents=True)
        (scratch / "locked" / "deeper" / "file").write_text("x")
        (scratch / "locked" / "deeper").chmod(0)
        (scratch / "locked").chmod(0)
        if how == "locked itself":
            scratch.chmod(0)
    remove_scratch(scratch)
    remove_scratch(scratch)  # twice: the second finds it gone
    assert not scratch.exists()
    assert oct(parent.stat().st_mode & 0o7777) == oct(0o1777)


# --- privileges ---------------------------------------------------------------

# Code inside: the process's capabilities (capget and the bounding set, which need no /proc,
# absent from check processes; and /proc/self/status where there is one), and what a process
# with CAP_SYS_ADMIN could do: remount a read-only bind read-write, mount a cgroup hierarchy
# (whose root, in the sandbox's cgroup namespace, is its own cgroup) and lift its caps.
PRIVILEGES = """
import ctypes, json, os

_libc = ctypes.CDLL(None, use_errno=True)
_libc.mount.argtypes = [ctypes.c_char_p] * 3 + [ctypes.c_ulong, ctypes.c_char_p]
MS_RDONLY, MS_REMOUNT, MS_BIND = 1, 32, 4096


class _Header(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _Data(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def capabilities():
    header, data = _Header(0x20080522, 0), (_Data * 2)()  # _LINUX_CAPABILITY_VERSION_3
    if _libc.capget(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capget")
    seen = {name: "%016x" % (getattr(data[0], name) | getattr(data[1], name) << 32)
            for name in ("effective", "permitted", "inheritable")}
    seen["bounding"] = "%016x" % sum(1 << c for c in range(64) if _libc.prctl(23, c, 0, 0, 0) == 1)
    return seen


def status_caps():
    if not os.path.exists("/proc/self/status"):
        return None
    with open("/proc/self/status") as status:
        return {line.split(":")[0]: line.split()[1] for line in status if line.startswith("Cap")}


def mount(source, target, fstype, flags, options):
    encode = lambda text: None if text is None else text.encode()
    if _libc.mount(encode(source), encode(target), encode(fstype), flags, encode(options)) == 0:
        return "mounted"
    return os.strerror(ctypes.get_errno())


def lift_cgroup_caps():
    # What a sandbox with CAP_SYS_ADMIN did: mount its cgroup (v1 pids, or v2) and raise pids.max.
    seen = {}
    for fstype, options, control in (("cgroup", "pids", "pids.max"), ("cgroup2", None, "pids.max")):
        where = f"/tmp/cg-{fstype}"
        os.makedirs(where, exist_ok=True)
        seen[fstype] = mount("none", where, fstype, 0, options)
        if seen[fstype] == "mounted":
            try:
                with open(os.path.join(where, control), "w") as limit:
                    limit.write("max")
                seen[fstype] += ", pids.max written"
            except OSError as exc:
                seen[fstype] += f", pids.max not written: {exc}"
    return seen


def privileges(read_only):
    return {"caps": capabilities(), "status": status_caps(),
            "remount": {path: mount(None, path, None, MS_REMOUNT | MS_BIND, None) for path in read_only},
            "tmpfs": mount("none", "/tmp", "tmpfs", 0, None), "cgroup": lift_cgroup_caps()}
"""


def _read_only_binds() -> list[str]:
    """Read-only binds every sandbox has: the course package, the Python environment, /usr."""
    return [str(Path(course.__file__).resolve().parent), sys.prefix, "/usr"]


def assert_unprivileged(seen: dict) -> None:
    """What PRIVILEGES reported shows no capability, and no mount a capability would allow."""
    zero = "0" * 16
    assert seen["caps"] == {"effective": zero, "permitted": zero, "inheritable": zero, "bounding": zero}, seen
    if seen["status"] is not None:
        assert {seen["status"][f"Cap{kind}"] for kind in ("Eff", "Prm", "Inh", "Bnd", "Amb")} == {zero}, seen
    assert seen["remount"] and not any(r == "mounted" for r in seen["remount"].values()), seen
    assert seen["tmpfs"] != "mounted", seen
    assert not any(r.startswith("mounted") for r in seen["cgroup"].values()), seen


@pytest.mark.parametrize("kind", ["kernel-like", "check process", "check server"])
def test_a_sandbox_has_no_capabilities_and_cannot_remount_or_mount(tmp_path, kind):
    # Found by a red-team pass: bubblewrap run by root keeps every capability inside (CapEff
    # 000001fffeffffff), so a solution remounted the course package read-write and planted code
    # that `nbgrader generate_feedback` imported as root, and mounted its own cgroup to lift
    # its pids.max and cpu.shares.
    options = {"kernel-like": {}, "check process": {"proc": False},
               "check server": {"proc": False, "init": True}}[kind]
    code = PRIVILEGES + f"print(json.dumps(privileges({_read_only_binds()!r})))"
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    sandbox = Sandbox()
    cgroup = sandbox.cgroup("test")
    try:
        command = sandbox.command([sys.executable, "-c", code], scratch, cgroup=cgroup, **options)
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
        pids_max = [(folder / "pids.max").read_text().strip() for folder in (cgroup.folders if cgroup else [])
                    if (folder / "pids.max").exists()]
    finally:
        if cgroup is not None:
            assert cgroup.remove()
    assert done.stdout.strip(), done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert (seen["status"] is None) == (kind != "kernel-like"), seen
    assert_unprivileged(seen)
    assert pids_max in ([], [str(sandbox.process_limit)]), pids_max  # read on the host


def _in_kernel(code: str, sandbox: Sandbox | None = None, *, host_side=None) -> str:
    """What `code` prints run in a real sandboxed kernel (as ExecuteIsolated starts one), and
    `host_side(scratch)` called while the kernel is alive, with its scratch folder."""
    import asyncio

    from course.grading.sandboxed_kernel import SandboxedKernelManager

    async def run() -> tuple[str, object]:
        km = SandboxedKernelManager(kernel_name="python3", sandbox=sandbox or Sandbox())
        try:
            await km.start_kernel()  # (inside: a kernel whose start failed half way is still killed)
            client = km.client()
            client.start_channels()
            try:
                await client.wait_for_ready(timeout=60)
                printed: list[str] = []

                def output(message):
                    if message["msg_type"] == "stream":
                        printed.append(message["content"]["text"])
                    elif message["msg_type"] == "error":
                        printed.append("\n".join(message["content"]["traceback"]))

                reply = await client.execute_interactive(code, timeout=120, output_hook=output)
                assert reply["content"]["status"] == "ok", "".join(printed)
                seen = host_side(km._scratch) if host_side else None
            finally:
                client.stop_channels()
        finally:
            if km.has_kernel:
                await km.shutdown_kernel(now=True)
            else:
                await km.cleanup_resources()
        return "".join(printed), seen

    return asyncio.run(run())


def test_a_kernel_has_no_capabilities_and_cannot_remount_or_mount():
    printed, _ = _in_kernel(PRIVILEGES + f"print(json.dumps(privileges({_read_only_binds()!r})))")
    seen = json.loads(printed.strip().splitlines()[-1])
    assert seen["status"] is not None, seen  # a kernel has /proc: CapEff read there too
    assert_unprivileged(seen)


# --- disk ---------------------------------------------------------------------

# Code inside: write files of 4 MiB into a folder until a write fails (or 64 MiB are written).
FILL = """
import errno, json, os

def fill(folder, limit=1 << 26, prefix="fill"):
    written, files, chunk = 0, 0, b"x" * (1 << 20)
    try:
        while written < limit:
            with open(os.path.join(folder, f"{prefix}-{files}"), "wb", buffering=0) as file:
                files += 1
                for _ in range(4):
                    written += file.write(chunk)
        error = None
    except OSError as exc:
        error = errno.errorcode.get(exc.errno, str(exc.errno))
    info = os.statvfs(folder)
    return {"written": written, "files": files, "error": error, "size": info.f_blocks * info.f_frsize}
"""

CAP = 8 * 1024**2


def _filled(printed: str) -> dict:
    """What FILL's `fill` returned, as the kernel printed it: IPython's history thread, finding the full
    HOME, may print its complaint ("The history saving thread hit an unexpected error ...") between the
    JSON and its newline (seen in CI under load)."""
    return json.JSONDecoder().raw_decode(printed[printed.rindex('{"written"'):])[0]


def _assert_capped(seen: dict, cap: int = CAP) -> None:
    assert seen["error"] in ("ENOSPC", "EFBIG"), seen
    assert cap - (1 << 20) <= seen["written"] <= cap and seen["files"] >= 2, seen  # across files
    assert seen["size"] == cap, seen


@pytest.mark.parametrize("kind", ["kernel-like", "check process", "check server"])
def test_what_a_sandbox_writes_is_capped_and_never_reaches_the_host_disk(tmp_path, kind):
    # Found by a red-team pass: HOME was the scratch folder on the host's disk, uncapped (2 GiB
    # written in 6.4 s, 70 GiB free seen), so a kernel alive through the demo cells could fill it.
    options = {"kernel-like": {}, "check process": {"proc": False},
               "check server": {"proc": False, "init": True}}[kind]
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    code = FILL + "print(json.dumps({'home': fill(os.environ['HOME']), 'cwd': fill('.', prefix='more'), 'tmp': fill('/tmp')}))"
    sandbox = Sandbox(home_size=CAP, tmp_size=CAP)
    with _confined([sys.executable, "-c", code], scratch, sandbox, **options) as command:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    _assert_capped(seen["home"])
    assert seen["cwd"]["error"] == "ENOSPC" and seen["cwd"]["written"] == 0, seen  # the same folder, full
    _assert_capped(seen["tmp"])
    assert [p.name for p in scratch.iterdir() if p.name != ".devices"] == [], "the sandbox wrote on the host"


def test_a_kernels_home_is_a_capped_tmpfs_on_the_host_removed_with_it():
    # A kernel's HOME must be reachable from outside (its connection file, its ipc sockets):
    # the host folder itself is a tmpfs of home_size bytes, unmounted when the kernel goes.
    def host_side(scratch: Path) -> dict:
        info = os.statvfs(scratch)
        return {"scratch": str(scratch), "mount": os.path.ismount(scratch), "size": info.f_blocks * info.f_frsize,
                "names": sorted(p.name for p in scratch.iterdir())}

    printed, host = _in_kernel(FILL + "print(json.dumps(fill(os.environ['HOME'])))",
                               Sandbox(home_size=CAP), host_side=host_side)
    seen = _filled(printed)
    _assert_capped(seen)
    assert host["mount"] and host["size"] == CAP, host
    assert "connection.json" in host["names"] and "fill-0" in host["names"], host
    assert not os.path.exists(host["scratch"]), host
    with open("/proc/self/mounts") as mounts:
        assert host["scratch"] not in mounts.read(), "the kernel's tmpfs was left mounted"


def test_a_kernels_scratch_that_cannot_be_a_tmpfs_is_a_plain_folder_and_the_log_says_so(monkeypatch, caplog):
    # Graded as another user than root (with the cgroups off), the host folder cannot be made a
    # tmpfs: the kernel's HOME is then capped per file only, said once in the log.
    import logging

    from course.grading import sandbox as module

    monkeypatch.setattr(module, "_uncapped_warned", False)
    monkeypatch.setattr(module.os, "geteuid", lambda: 1000)
    sandbox = Sandbox()
    caplog.set_level(logging.WARNING)
    folders = [sandbox.new_scratch("course-kernel-test-") for _ in range(2)]
    try:
        assert not any(os.path.ismount(folder) for folder in folders)
        warnings = [r.getMessage() for r in caplog.records if "not size-capped" in r.getMessage()]
        assert len(warnings) == 1 and "needs root" in warnings[0], warnings
    finally:
        for folder in folders:
            module.remove_scratch(folder)
    assert not any(folder.exists() for folder in folders)


def _long_tmpdir(tmp_path: Path, monkeypatch, length: int = 80) -> Path:
    """A TMPDIR of `length` bytes, as tempfile then sees it (its cached folder forgotten)."""
    import tempfile

    deep = tmp_path / "t"
    deep = deep.with_name(deep.name + "m" * (length - len(str(deep))))
    deep.mkdir()
    monkeypatch.setenv("TMPDIR", str(deep))
    monkeypatch.setattr(tempfile, "tempdir", None)
    assert tempfile.gettempdir() == str(deep) and len(str(deep)) == length
    return deep


def test_a_kernel_starts_and_is_reached_whatever_the_length_of_tmpdir(tmp_path, monkeypatch, caplog):
    # A Unix socket's path holds 107 bytes: a kernel's ipc sockets (`<scratch>/ipc-<port>`) in a
    # scratch folder under a deep TMPDIR (pytest's own folders, a job scheduler's) could not be
    # bound, and no sandboxed kernel started ("File name too long"). Its scratch goes in /tmp then.
    import logging

    from course.grading import sandbox as module

    deep = _long_tmpdir(tmp_path, monkeypatch)
    monkeypatch.setattr(module, "_short_tmp_said", False)
    caplog.set_level(logging.INFO)
    printed, host = _in_kernel("print(6 * 7)", host_side=lambda scratch: (scratch, os.listdir(scratch)))
    assert printed.strip() == "42"
    scratch, names = host
    assert str(scratch.parent) == module.SHORT_TMP and "ipc-1" in names, host
    assert max(len(str(scratch / name)) for name in names) <= module.UNIX_PATH_MAX
    said = [r.getMessage() for r in caplog.records if str(deep) in r.getMessage()]
    assert len(said) == 1 and "too long" in said[0], said
    assert list(deep.iterdir()) == []


def test_a_tmpdir_too_long_with_no_tmp_to_use_instead_is_refused_naming_tmpdir(tmp_path, monkeypatch):
    from course.grading import sandbox as module

    deep = _long_tmpdir(tmp_path, monkeypatch)
    monkeypatch.setattr(module, "SHORT_TMP", str(tmp_path / "no-such-folder"))
    with pytest.raises(SandboxUnavailable, match=r"TMPDIR.*Set TMPDIR to a shorter folder") as refused:
        Sandbox().require()
    assert str(deep) in str(refused.value)
    with pytest.raises(SandboxUnavailable, match="TMPDIR"):
        Sandbox().new_scratch("course-kernel-")
    assert list(deep.iterdir()) == []


def test_scratch_folders_a_killed_grader_left_are_removed_by_the_next_grader(monkeypatch, caplog):
    # A grader SIGKILLed while a kernel ran left its scratch tmpfs mounted (up to home_size bytes
    # of memory each, for good): the next grader's first `new_scratch` removes what graders of
    # this PID namespace that are gone left, and nothing of a live grader or of another namespace.
    import logging
    import tempfile

    from course.grading import sandbox as module
    from course.grading.cgroups import pid_namespace

    gone = subprocess.Popen(["true"])
    gone.wait()  # a pid no process has now
    namespace, tmp = pid_namespace(), Path(tempfile.gettempdir())
    left = Path(tempfile.mkdtemp(prefix=f"course-kernel-{namespace}.{gone.pid}-"))
    live = Path(tempfile.mkdtemp(prefix=f"course-kernel-{namespace}.{os.getppid()}-"))
    elsewhere = Path(tempfile.mkdtemp(prefix=f"course-kernel-1.{gone.pid}-"))
    other = Path(tempfile.mkdtemp(prefix="course-kernel-"))  # no owner in its name
    made = left
    monkeypatch.setattr(module, "_scratch_swept", False, raising=False)
    caplog.set_level(logging.INFO)
    try:
        module._mount_tmpfs(left, 1 << 20)
        (left / "connection.json").write_text("{}")
        made = Sandbox().new_scratch("course-kernel-")
        with open("/proc/self/mounts") as mounts:
            assert str(left) not in mounts.read(), "the killed grader's tmpfs is still mounted"
        assert not left.exists()
        assert live.is_dir() and elsewhere.is_dir() and other.is_dir()
        assert made.name.startswith(f"course-kernel-{namespace}.{os.getpid()}-") and made.parent == tmp
        assert any(left.name in r.getMessage() for r in caplog.records if r.levelno == logging.INFO)
        module._scratch_swept = False
        module._sweep_scratch(logging.getLogger("test"))  # a live grader's scratch stays
        assert made.is_dir() and os.path.ismount(made)
    finally:
        for folder in (left, live, elsewhere, other, made):
            module.remove_scratch(folder)


def _hidden_lines() -> list[str]:
    """Every line of 40 characters or more (stripped) of the hidden tests of the source notebooks that no released
    notebook holds (an import line a visible check has too tells nothing)."""
    import nbformat

    root = Path(__file__).resolve().parents[2]
    lines, shown = set(), set()
    for path in sorted((root / "source" / "async_patterns").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if "### BEGIN HIDDEN TESTS" in cell.source:
                hidden = cell.source.split("### BEGIN HIDDEN TESTS", 1)[1].split("### END HIDDEN TESTS", 1)[0]
                lines |= {line.strip() for line in hidden.splitlines() if len(line.strip()) >= 40}
    for path in sorted((root / "release" / "async_patterns").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            shown |= {line.strip() for line in cell.source.splitlines()}
    return sorted(lines - shown)


def test_no_file_of_the_course_package_a_sandbox_reads_holds_a_line_of_the_hidden_tests(tmp_path):
    """The package's own tests (course/tests) are hidden from every sandbox, and nothing else of the package it
    reads holds five lines of the hidden tests (a few are generic: P06's visual experiment sets up its pipeline as
    its hidden tests do, three lines alike, `results = [[] for _ in range(consumers)]` ...): a
    route's file there held a copy of a P06 scenario, which a solution read in its check process and printed into
    its own feedback (red-team pass 122)."""
    import course

    hidden = _hidden_lines()
    assert len(hidden) > 1000  # (the notebooks' hidden tests, read: the test is not vacuous)
    package = Path(course.__file__).resolve().parent
    assert (package / "tests" / "routes").is_dir()  # there on the host
    # (Digests of the lines, not the lines: the code goes in as an argument, and one may hold 128 KiB.)
    digests = sorted({hashlib.sha256(line.encode()).hexdigest()[:12] for line in hidden})
    code = _TRY + f"""
import hashlib
hidden, package = set({digests!r}), {str(package)!r}
found, read = {{}}, 0
for folder, _, names in os.walk(package):
    for name in names:
        try:
            text = open(os.path.join(folder, name), "rb").read().decode("utf-8", "replace")
        except OSError:
            continue
        read += 1
        for line in text.splitlines():
            line = line.strip()
            if len(line) >= 40 and hashlib.sha256(line.encode()).hexdigest()[:12] in hidden:
                found.setdefault(os.path.join(folder, name), set()).add(line)
found = {{path: sorted(lines)[:3] for path, lines in found.items() if len(lines) >= 5}}
print(json.dumps({{"found": found, "read": read, "tests": attempt(lambda: os.listdir(os.path.join(package, "tests"))),
                  "write": attempt(lambda: open(os.path.join(package, "tests", "x"), "w").close())}}))
"""
    seen = _run(code, tmp_path / "scratch")
    assert seen["tests"] == [], seen["tests"]
    assert seen["write"] != "ok"
    assert seen["read"] > 50  # (the package's own modules were read)
    assert seen["found"] == {}, seen["found"]
