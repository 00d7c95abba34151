"""ExecutePromptly runs notebooks as nbgrader's Execute does, without its idle waits."""

from __future__ import annotations

import asyncio
import copy
import time
from pathlib import Path

import nbformat
import psutil
import pytest
from jupyter_client import AsyncKernelClient, AsyncKernelManager
from nbclient.exceptions import DeadKernelError
from nbformat.v4 import new_code_cell, new_notebook
from nbgrader.preprocessors import Execute

from course.grading.execute_promptly import ExecutePromptly, PromptKernelClient, PromptKernelManager

ROOT = Path(__file__).resolve().parents[2]

CELLS = [
    "print('first words')",  # right after start: nothing from kernel_info may slip in
    "import sys\nprint('to stderr', file=sys.stderr)\n42",
    "from IPython.display import display, HTML\ndisplay(HTML('<b>shown</b>'))",
    "raise ValueError('a failing cell')",
    "print('after the failure')",
]


def _outputs(nb):
    return [[{k: v for k, v in o.items() if k != "execution_count"} for o in c.outputs] for c in nb.cells]


def _run(preprocessor, nb, folder):
    preprocessor.preprocess(nb, {"metadata": {"path": str(folder)}})
    return nb


def test_same_outputs_as_nbgraders_execute(tmp_path):
    nb = new_notebook(cells=[new_code_cell(source) for source in CELLS])
    ours = _run(ExecutePromptly(timeout=60), copy.deepcopy(nb), tmp_path)
    theirs = _run(Execute(timeout=60), copy.deepcopy(nb), tmp_path)
    assert _outputs(ours) == _outputs(theirs)
    assert ours.cells[0].outputs[0]["text"] == "first words\n"
    assert ours.cells[3].outputs[0]["ename"] == "ValueError"
    assert ours.cells[4].outputs[0]["text"] == "after the failure\n"


def test_a_kernel_that_dies_fails_as_with_nbgraders_execute(tmp_path):
    nb = new_notebook(cells=[new_code_cell(source) for source in
                             ("print('before')", "import os\nos._exit(3)", "print('after')")])
    outcomes = []
    for preprocessor in (ExecutePromptly(timeout=60), Execute(timeout=60)):
        ran = copy.deepcopy(nb)
        with pytest.raises(DeadKernelError):
            _run(preprocessor, ran, tmp_path)
        outcomes.append(_outputs(ran))
    assert outcomes[0] == outcomes[1] == [[{"output_type": "stream", "name": "stdout", "text": "before\n"}], [], []]


# A process that shrugs off SIGINT and SIGTERM, as a solution might start one.
STUBBORN_CHILD = ("import signal, time\n"
                  "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
                  "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
                  "print('ready', flush=True)\n"
                  "time.sleep(120)")


def _gone(pid):
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_nothing_a_notebook_started_outlives_it(tmp_path):
    # nbgrader's Execute interrupts the kernel's process group, then asks the
    # kernel to exit: a child that ignores SIGINT lives on after grading. Here
    # the kill (SIGKILL) reaches the whole group.
    nb = new_notebook(cells=[new_code_cell(
        "import os, subprocess, sys\n"
        f"child = subprocess.Popen([sys.executable, '-c', {STUBBORN_CHILD!r}], stdout=subprocess.PIPE, text=True)\n"
        "child.stdout.readline()\n"
        "print(os.getpid(), child.pid)")])
    _run(ExecutePromptly(timeout=60), nb, tmp_path)
    kernel, child = map(int, nb.cells[0].outputs[0]["text"].split())
    try:
        assert _gone(kernel)
        for _ in range(100):  # a signal is delivered asynchronously
            if _gone(child):
                break
            time.sleep(0.05)
        assert _gone(child), "a process the notebook started outlived its kernel"
    finally:
        if not _gone(child):
            psutil.Process(child).kill()


def _iopub_reads(client):
    """Record whether each IOPub read during start-up got a message or timed out."""
    reads = []
    real = client.iopub_channel.get_msg

    async def get_msg(*args, **kwargs):
        try:
            msg = await real(*args, **kwargs)
        except Exception:
            reads.append("timed out")
            raise
        reads.append("message")
        return msg
    client.iopub_channel.get_msg = get_msg
    return reads


@pytest.mark.parametrize("manager_class", [PromptKernelManager, AsyncKernelManager])
def test_ready_once_the_kernel_has_answered_not_after_a_quiet_period(manager_class):
    async def start_and_stop():
        km = manager_class(kernel_name="python3")
        await km.start_kernel()
        client = km.client()
        client.start_channels()
        reads = _iopub_reads(client)
        try:
            await client.wait_for_ready(timeout=60)
            reads_until_ready = list(reads)
            reply = await client.execute_interactive("21 * 2", timeout=30)
        finally:
            client.stop_channels()
            await km.shutdown_kernel(now=True)
        return client, reads_until_ready, reply, km

    client, reads, reply, km = asyncio.run(start_and_stop())
    assert reply["content"]["status"] == "ok"
    assert not km.has_kernel
    if manager_class is PromptKernelManager:
        assert isinstance(client, PromptKernelClient)
        # Ready on the first IOPub message after the reply (earlier reads may
        # time out while the subscription connects, then it asks again).
        assert reads[-1] == "message"
    else:
        # jupyter_client's client returns only after IOPub stayed quiet for 0.2 s.
        assert type(client) is AsyncKernelClient and reads[-1] == "timed out"


def test_the_course_configuration_runs_notebooks_in_it():
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(ROOT)).load_config()
    from course.grading import ExecuteIsolated

    preprocessors = config.Autograde.autograde_preprocessors
    # ExecuteIsolated is ExecutePromptly with sandboxes: its kernels are prompt too.
    assert ExecuteIsolated in preprocessors and Execute not in preprocessors
    assert issubclass(ExecuteIsolated, ExecutePromptly)
    assert ExecuteIsolated(config=config).shutdown_kernel == "immediate"


def test_no_kernel_leaves_its_scratch_folder_behind_dead_or_alive(tmp_path):
    # Each sandboxed kernel works in a scratch folder of its own (its cwd); the folder goes with
    # the kernel, whether it was shut down at the end or died (here by os._exit, then restarted).
    from course.grading import ExecuteIsolated

    where = "import os\nprint(os.getcwd())"
    nb = new_notebook(cells=[new_code_cell(where), new_code_cell("import os\nos._exit(3)"), new_code_cell(where)])
    ExecuteIsolated(timeout=60).preprocess(nb, {"metadata": {"path": str(tmp_path)}})
    first, second = (Path(nb.cells[i].outputs[0]["text"].strip()) for i in (0, 2))
    assert "KernelDied" in str(nb.cells[1].outputs)
    assert first != second, "the first cell shows the output of its replay in the new kernel, not its own"
    assert first.name.startswith("course-kernel-") and second.name.startswith("course-kernel-")
    assert not first.exists(), "the scratch folder of a kernel that died was left behind"
    assert not second.exists(), "the scratch folder of a kernel shut down at the end was left behind"
