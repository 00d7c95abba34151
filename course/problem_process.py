"""One problem's check process: runs its cells and reports each test cell's outputs.

Untrusted side: this runs inside the grading sandbox, in the same process
as student code. It decides nothing: the grader (`course.grading.problem_checks`)
starts it, bounds it, and turns what it reports into the graded notebook's
outputs; anything it fails to report scores 0.

Started as `python -I -m course.problem_process` with a job on stdin (JSON)::

    {"token": str, "report_fd": int, "cells": [{"id": str, "role": "setup"|"given"|"solution"|"test",
                              "source": str}, ...]}

It runs the cells in order in one IPython shell, on one asyncio loop (as
ipykernel does: top-level `await`, `display`, magics and tracebacks behave
as in the student's kernel), and writes one JSON line per test cell to the file
descriptor `report_fd` (a pipe to the grader) as soon as the cell has run::

    {"token": str, "id": str, "outputs": [nbformat v4 output dicts]}

then `{"token": str, "done": true}`. Lines without the job's token are not
from this module and the grader ignores them. Nothing a cell runs is kept
in an input history (`store_history=False`, history manager off).
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import sys
from typing import Any

from IPython.core.displayhook import DisplayHook
from IPython.core.displaypub import DisplayPublisher
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config

class _Outputs:
    """The nbformat outputs of the cell running now, in the order they were made."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []

    def stream(self, name: str, text: str) -> None:
        if self.items and self.items[-1].get("output_type") == "stream" and self.items[-1]["name"] == name:
            self.items[-1]["text"] += text
        else:
            self.items.append({"output_type": "stream", "name": name, "text": text})


class _Stream(io.TextIOBase):
    """sys.stdout / sys.stderr: text becomes a stream output of the running cell."""

    def __init__(self, outputs: _Outputs, name: str) -> None:
        self._outputs, self._name = outputs, name

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if text:
            self._outputs.stream(self._name, text)
        return len(text)

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"

    def isatty(self) -> bool:
        return False


class _Publisher(DisplayPublisher):
    """display(...) becomes a display_data output, as ipykernel sends it."""

    outputs: _Outputs

    def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs) -> None:
        self.outputs.items.append({"output_type": "display_data", "data": dict(data),
                                   "metadata": dict(metadata or {})})

    def clear_output(self, wait: bool = False) -> None:
        self.outputs.items.clear()


class _Hook(DisplayHook):
    """A cell's last expression becomes an execute_result, as in ipykernel."""

    outputs: _Outputs

    def start_displayhook(self) -> None:
        self._data: dict[str, Any] = {}
        self._metadata: dict[str, Any] = {}

    def write_output_prompt(self) -> None:
        pass

    def write_format_data(self, format_dict, md_dict=None) -> None:
        self._data, self._metadata = dict(format_dict), dict(md_dict or {})

    def finish_displayhook(self) -> None:
        if not self._data:  # shown through _ipython_display_ instead: nothing to send (as ipykernel)
            return
        self.outputs.items.append({"output_type": "execute_result", "data": self._data,
                                   "metadata": self._metadata, "execution_count": None})


class _Shell(InteractiveShell):
    outputs: _Outputs

    def _showtraceback(self, etype, evalue, stb) -> None:
        # What ipykernel sends as an error message, kept as an error output.
        self.outputs.items.append({"output_type": "error", "ename": str(etype.__name__),
                                   "evalue": str(evalue), "traceback": list(stb)})


def _shell(outputs: _Outputs) -> _Shell:
    config = Config()
    config.HistoryManager.enabled = False
    config.HistoryManager.hist_file = ":memory:"
    config.InteractiveShell.colors = "Linux"  # what a graded kernel's tracebacks use
    config.InteractiveShell.xmode = "Context"
    shell = _Shell.instance(config=config, display_pub_class=_Publisher, displayhook_class=_Hook)
    shell.outputs = outputs
    shell.display_pub.outputs = outputs
    shell.displayhook.outputs = outputs
    return shell


async def _run(job: dict[str, Any], report) -> None:
    token = job["token"]
    outputs = _Outputs()
    shell = _shell(outputs)
    sys.stdout, sys.stderr = _Stream(outputs, "stdout"), _Stream(outputs, "stderr")
    for cell in job["cells"]:
        outputs.items.clear()
        source = cell["source"]
        try:
            transformed, problem = shell.transform_cell(source), None
        except Exception:
            transformed, problem = source, sys.exc_info()
        await shell.run_cell_async(source, store_history=False, silent=False, transformed_cell=transformed,
                                   preprocessing_exc_tuple=problem)
        if cell["role"] == "test":
            report({"token": token, "id": cell["id"], "outputs": list(outputs.items)})
    report({"token": token, "done": True})


def main() -> None:
    job = json.loads(sys.stdin.read())
    sys.stdin = open(os.devnull)
    channel = os.fdopen(job.pop("report_fd"), "w", encoding="utf-8", closefd=True)
    # Bound now, before any student code runs: a cell that replaces json.dumps
    # must not be able to rewrite what is reported.
    dumps, write, flush = json.dumps, channel.write, channel.flush

    def report(message: dict[str, Any]) -> None:
        write(dumps(message) + "\n")
        flush()

    asyncio.run(_run(job, report))


if __name__ == "__main__":
    main()
