"""A kernel manager whose kernel runs in the grading sandbox (trusted side).

Trusted side: runs in nbgrader's process. The kernel it starts runs student
code, confined by `course.grading.sandbox.Sandbox`.

The kernel has no network, so it talks to the grader over jupyter_client's
`ipc` transport: ZeroMQ over Unix sockets in the kernel's scratch folder,
which is bound into the sandbox at the same path (as is the connection file)
and is the kernel's HOME: graded as root, a tmpfs of `Sandbox.home_size` bytes
(`Sandbox.new_scratch`), so a solution cannot fill the host's disk.
Each kernel gets a fresh scratch folder, removed when the kernel is cleaned
up, so nothing a solution writes survives its notebook, and a fresh cgroup
(`Sandbox.cgroup`), removed with whatever still runs in it when the kernel is
cleaned up (a restart included), so nothing a solution started survives it either.
"""

from __future__ import annotations

import subprocess
import typing as t
from pathlib import Path

from jupyter_client.asynchronous import AsyncKernelClient
from traitlets import DottedObjectName, Instance, Type

from .cgroups import SandboxCgroup
from .execute_promptly import PromptKernelManager
from .sandbox import KERNEL_SCRATCH_PREFIX, Sandbox, remove_scratch


class NoHeartbeatClient(AsyncKernelClient):
    """A kernel client without the heartbeat channel.

    The heartbeat runs in a thread of the grader's process, blocked on a ZeroMQ
    REQ socket: a kernel whose student code writes garbage into its own
    heartbeat socket (any file descriptor it can reach) leaves that thread
    waiting forever, and `stop_channels()` joins it, so grading hung. The grader
    needs no heartbeat: it knows the kernel is dead from its process, and
    bounds every cell itself (`Execute.timeout`).
    """

    def start_channels(self, shell: bool = True, iopub: bool = True, stdin: bool = True,
                       hb: bool = False, control: bool = True) -> None:
        super().start_channels(shell=shell, iopub=iopub, stdin=stdin, hb=False, control=control)


class SandboxedKernelManager(PromptKernelManager):
    """PromptKernelManager (ready at once, killed with SIGKILL) whose kernel runs sandboxed."""

    sandbox = Instance(Sandbox, allow_none=True)
    client_class = DottedObjectName("course.grading.sandboxed_kernel.NoHeartbeatClient")
    client_factory = Type(klass="jupyter_client.asynchronous.AsyncKernelClient", default_value=NoHeartbeatClient)

    _scratch: Path | None = None
    _cgroup: SandboxCgroup | None = None

    async def _async_pre_start_kernel(self, **kw: t.Any) -> tuple[list[str], dict[str, t.Any]]:
        if self.sandbox is None:
            self.sandbox = Sandbox(parent=self)
        self._discard_scratch()
        self._discard_cgroup()
        self._scratch = self.sandbox.new_scratch(KERNEL_SCRATCH_PREFIX)  # (a capped tmpfs, graded as root)
        self._cgroup = self.sandbox.cgroup("kernel")
        if self.sandbox.enabled:
            self.transport = "ipc"
            self.ip = str(self._scratch / "ipc")
            self.connection_file = str(self._scratch / "connection.json")
        kw["cwd"] = str(self._scratch)
        # What the kernel process itself prints (ipykernel's connection banner,
        # anything a solution writes to fd 1 or 2) is not a cell's output and
        # must not reach the grader's log.
        kw.setdefault("stdout", subprocess.DEVNULL)
        kw.setdefault("stderr", subprocess.DEVNULL)
        return await super()._async_pre_start_kernel(**kw)

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        command = super().format_kernel_cmd(extra_arguments)
        assert self.sandbox is not None and self._scratch is not None
        return self.sandbox.command(command, self._scratch, cgroup=self._cgroup, shared_home=True)

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        self._discard_cgroup()  # (a restart starts the kernel in a new one)
        if not restart:
            self._discard_scratch()

    async def cleanup_resources(self, restart: bool = False) -> None:
        # AsyncKernelManager binds `cleanup_resources` to KernelManager's own
        # `_async_cleanup_resources` function, not to this class's override. nbclient calls
        # it, and only it, for a kernel that died (a dead kernel gets no shutdown_kernel), so
        # every kernel a solution killed left its scratch folder in /tmp.
        await self._async_cleanup_resources(restart=restart)

    def _discard_cgroup(self) -> None:
        if self._cgroup is not None:
            cgroup, self._cgroup = self._cgroup, None
            if not cgroup.remove():
                self.log.warning("The kernel's cgroup %s could not be removed: processes in it outlived "
                                 "SIGKILL for 10 s", cgroup.name)

    def _discard_scratch(self) -> None:
        if self._scratch is not None:
            remove_scratch(self._scratch)
            self._scratch = None
