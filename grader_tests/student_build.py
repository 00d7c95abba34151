"""The student's side of the course, built the way Binder builds it.

`export(dest)` runs the real `course export-student`. `StudentEnv.build`
then makes what repo2docker makes from that export, minus Docker: a fresh
virtual environment holding the packages of binder/environment.yml
(pip instead of conda: the same names and bounds, a test keeps them equal to
pyproject.toml), then binder/postBuild run in the export folder with that
environment first on PATH, exactly as repo2docker runs it. The result is an
environment with the exported `course` package installed (not this
repository's editable one) and nbgrader set up for a student.

Two differences from Binder remain, both outside what binder/ decides: the
Python is the one running the tests (3.11+; Binder's is the 3.12 that
environment.yml pins, which grader_tests/test_binder.py proves repo2docker reads),
and packages come from PyPI rather than conda-forge.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import yaml

#: The Binder repository name the tests export with (a name, never contacted).
TEST_BINDER_REPO = "example-school/async-patterns-public"


def export(root: Path, dest: Path, *extra: str) -> subprocess.CompletedProcess:
    """Run `course export-student dest` in `root`, as an instructor would."""
    return subprocess.run([sys.executable, "-m", "course.tools.cli", "export-student", str(dest), *extra],
                          cwd=root, capture_output=True, text=True, timeout=120)


def binder_packages(export_dir: Path) -> list[str]:
    """The package requirements of binder/environment.yml (conda specs that pip also reads)."""
    env = yaml.safe_load((export_dir / "binder" / "environment.yml").read_text())
    return [d for d in env["dependencies"] if isinstance(d, str) and not d.startswith(("python=", "pip"))]


class StudentEnv:
    """A virtual environment built from an export's binder/ configuration."""

    def __init__(self, export_dir: Path, prefix: Path) -> None:
        self.export_dir = export_dir
        self.prefix = prefix
        self.python = prefix / "bin" / "python"

    @property
    def env(self) -> dict[str, str]:
        """Process environment with this environment active and nothing of the developer's."""
        env = {k: v for k, v in os.environ.items()
               if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "JUPYTER_PATH", "JUPYTER_CONFIG_DIR",
                            "JUPYTER_CONFIG_PATH", "JUPYTER_DATA_DIR")}
        env["PATH"] = os.pathsep.join([str(self.prefix / "bin"), env.get("PATH", "")])
        env["VIRTUAL_ENV"] = str(self.prefix)
        env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
        # User-level Jupyter config and data of whoever runs the tests must not leak in.
        env["JUPYTER_CONFIG_DIR"] = str(self.prefix / "user-config")
        env["JUPYTER_DATA_DIR"] = str(self.prefix / "user-data")
        env["IPYTHONDIR"] = str(self.prefix / "ipython")
        return env

    def run(self, *args: str, cwd: Path | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
        done = subprocess.run(list(args), cwd=cwd or self.export_dir, env=self.env, capture_output=True,
                              text=True, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return done

    @classmethod
    def build(cls, export_dir: Path, prefix: Path) -> "StudentEnv":
        venv.EnvBuilder(with_pip=True, clear=True).create(prefix)
        student = cls(export_dir, prefix)
        # --no-compile: byte-compiling every installed module is most of pip's time here, and
        # Python compiles what a test imports anyway.
        student.run(str(student.python), "-m", "pip", "install", "--quiet", "--no-compile",
                    *binder_packages(export_dir))
        student.post_build = student.run("bash", str(export_dir / "binder" / "postBuild"))
        return student

    def execute(self, notebooks: list[Path], timeout: float = 120) -> None:
        """Run each notebook top to bottom in this environment's kernel, writing the outputs back.

        nbclient runs inside the student environment (its `python3` kernel is
        that environment's Python), with each notebook's folder as working directory.
        """
        self.run(str(self.python), "-c", _EXECUTE, str(timeout), *map(str, notebooks), timeout=900)


# Executed by the student environment's Python.
_EXECUTE = """
import sys, os, nbclient, nbformat
timeout = float(sys.argv[1])
for path in sys.argv[2:]:
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                     resources={"metadata": {"path": os.path.dirname(path)}})
    try:
        client.execute()
    finally:
        nbformat.write(nb, path)
"""
