"""Preprocessor: nbgrader's Execute, without the idle waits around each kernel.

Every graded notebook gets a kernel of its own, and plain nbgrader spends
about 0.3 s of each kernel's life waiting while nothing happens (measured
with nbclient 0.11, jupyter_client 8.10, ipykernel 7.4):

- Start: once the kernel has answered `kernel_info` and its IOPub messages
  arrive, jupyter_client's `wait_for_ready` still waits until IOPub has been
  quiet for 0.2 s, to drain it. Nothing needs draining: nbclient ignores
  IOPub messages that answer another request than the cell it runs.
- Stop: whether the kernel process has exited is polled every 0.1 s, and
  it has almost always exited right after the first look, so each stop
  waits ~0.1 s for a process that is already gone.
- Graceful stop races in ipykernel 7.4: the kernel's control thread flushes
  stdout on an IOPub thread that the main thread has just closed, and waits
  for it until jupyter_client gives up (2.5 s) and sends SIGTERM: a 3.5 s
  stall, seen in 2 to 7 of 10 runs of plain nbgrader on three one-cell
  notebooks on the machine this was measured on.

`ExecutePromptly` is nbgrader's `Execute` with a kernel manager that has
none of these: the kernel is ready as soon as it has answered and IOPub is
shown to be connected, and once the last cell has run it is stopped with
SIGKILL (to its whole process group, so nothing a solution started lives
on) and reaped as soon as it has exited. A graded kernel has nothing to
clean up: every output was received before it is stopped.
"""

from __future__ import annotations

import asyncio
import time
from queue import Empty
from typing import Any

from jupyter_client import AsyncKernelClient, AsyncKernelManager
from nbgrader.preprocessors import Execute
from traitlets import DottedObjectName, Enum, Type


class PromptKernelClient(AsyncKernelClient):
    """A kernel client that is ready as soon as the kernel has shown it is."""

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        """Return once the kernel has answered `kernel_info` and IOPub delivers.

        Ask again until both hold: IOPub is a subscription, and what the kernel
        publishes before the subscription is connected is lost, so an IOPub
        message after the reply proves the connection. Raise RuntimeError if
        the kernel dies or `timeout` seconds pass.
        """
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                pass
            else:
                if reply["msg_type"] == "kernel_info_reply":
                    try:
                        await self.iopub_channel.get_msg(timeout=0.2)
                    except Empty:
                        pass  # not subscribed yet: ask again
                    else:
                        self._handle_kernel_info_reply(reply)
                        return
            if not await self.is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")


class PromptKernelManager(AsyncKernelManager):
    """A kernel manager whose clients are prompt and whose kills are reaped at once."""

    # Both: jupyter_client reads one or the other, depending on the manager class.
    client_class = DottedObjectName("course.grading.execute_promptly.PromptKernelClient")
    client_factory = Type(PromptKernelClient, klass=AsyncKernelClient)

    #: How often to look whether a killed kernel has exited, and for how long.
    reap_interval = 0.002
    reap_limit = 5.0

    async def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
        if now and not restart:
            await self._kill_and_reap()
        # jupyter_client's own shutdown then finds the process gone: it only
        # reaps and removes the connection file and ports.
        await super().shutdown_kernel(now=now, restart=restart)

    async def _kill_and_reap(self) -> None:
        process = getattr(self.provisioner, "process", None)
        if process is None or process.poll() is not None:
            return
        await self.provisioner.kill()
        deadline = time.monotonic() + self.reap_limit
        while process.poll() is None and time.monotonic() < deadline:
            await asyncio.sleep(self.reap_interval)


class ExecutePromptly(Execute):
    """nbgrader's Execute (same settings, same outputs), with prompt kernels."""

    shutdown_kernel = Enum(
        ["graceful", "immediate"], default_value="immediate",
        help="How to stop the kernel after the last cell: 'immediate' (SIGKILL, reaped at once) "
             "avoids ipykernel's shutdown stall; every output has been received by then.",
    ).tag(config=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # nbgrader's Execute passes its kernel manager class as an argument
        # (which configuration cannot override), so this one is passed first.
        kwargs.setdefault("kernel_manager_class", PromptKernelManager)
        super().__init__(*args, **kwargs)
