"""Wall time of each problem's test cells inside its check process, as autograde runs them
(prints figures; nothing is asserted).

    python benchmarks/hidden_tests.py [--repeat 3] [--plain]

Each problem of the reference notebooks (source/) runs in a sandboxed check
process (`course.grading.problem_checks`), which reports each test cell's wall
time; the figures exclude the process's start (printed apart, as the whole
process's wall time). The fastest of `--repeat` runs is shown.

`--plain` times the same test cells as the tests' own work, with nothing that
isolation or the guard adds: each reference notebook run top to bottom in one
plain kernel (nbclient, no sandbox, no check process), each test cell's wall
time taken from nbclient's execution timestamps (its `execute_input` to its
`execute_reply`), fastest of `--repeat`.

Target: a problem's hidden tests take under 1 s inside its check process.
"""

from __future__ import annotations

import argparse
import os
from collections import defaultdict
from pathlib import Path

import nbformat

from course.grading.problem_checks import HIDDEN, ProblemChecks, split_problems
from course.grading.sandbox import Sandbox

SOURCE = Path(__file__).resolve().parents[1] / "source" / "async_patterns"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--plain", action="store_true",
                        help="time the test cells in one plain kernel instead (no sandbox, no guard)")
    args = parser.parse_args()
    print(f"{os.cpu_count()} core(s); load average before: {os.getloadavg()[0]:.2f}")
    if args.plain:
        plain(args.repeat)
        return
    print(f"{'notebook':<16} {'problem':<8} {'hidden s':>9} {'visible s':>10} {'process s':>10}")
    for path in sorted(SOURCE.glob("*.ipynb")):
        problems = split_problems(nbformat.read(path, as_version=4))
        hidden: dict[str, float] = defaultdict(lambda: float("inf"))
        visible: dict[str, float] = defaultdict(lambda: float("inf"))
        whole: dict[str, float] = defaultdict(lambda: float("inf"))
        for _ in range(args.repeat):
            for name, problem in problems.items():  # one at a time: nothing else competes
                checks = ProblemChecks({name: problem}, Sandbox())
                try:
                    result = checks.result(name)
                finally:
                    checks.close()
                sources = {cell_id: source for cell_id, _, source in problem.cells}
                h = sum(s for i, s in result.seconds_per_cell.items() if HIDDEN in sources[i])
                v = sum(s for i, s in result.seconds_per_cell.items() if HIDDEN not in sources[i])
                hidden[name], visible[name] = min(hidden[name], h), min(visible[name], v)
                whole[name] = min(whole[name], result.seconds)
        for name in problems:
            print(f"{path.name:<16} {name:<8} {hidden[name]:>9.3f} {visible[name]:>10.3f} {whole[name]:>10.3f}")


def plain(repeat: int) -> None:
    """Print each test cell's fastest wall time in one plain kernel, and the totals."""
    from datetime import datetime
    from tempfile import TemporaryDirectory

    from nbclient import NotebookClient

    def seconds(cell) -> float:
        stamps = cell.metadata["execution"]
        start, end = (datetime.fromisoformat(stamps[key].replace("Z", "+00:00"))
                      for key in ("iopub.execute_input", "shell.execute_reply"))
        return (end - start).total_seconds()

    print(f"{'notebook':<16} {'test cell':<36} {'plain s':>8}")
    totals = {"hidden": 0.0, "visible": 0.0}
    for path in sorted(SOURCE.glob("*.ipynb")):
        best: dict[str, float] = defaultdict(lambda: float("inf"))
        kinds: dict[str, str] = {}
        for _ in range(repeat):
            notebook = nbformat.read(path, as_version=4)
            with TemporaryDirectory() as folder:  # the kernel's cwd: what a demo writes goes there
                NotebookClient(notebook, timeout=600, resources={"metadata": {"path": folder}}).execute()
            for cell in notebook.cells:
                grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
                if cell.cell_type == "code" and "_test_" in grade_id:
                    errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
                    if errors:
                        raise SystemExit(f"{path.name}: {grade_id} failed on the reference solution")
                    best[grade_id] = min(best[grade_id], seconds(cell))
                    kinds[grade_id] = "hidden" if HIDDEN in cell.source else "visible"
        for grade_id, time in best.items():
            print(f"{path.name:<16} {grade_id:<36} {time:>8.3f}")
            totals[kinds[grade_id]] += time
    print(f"total: hidden {totals['hidden']:.2f} s, visible {totals['visible']:.2f} s (one plain kernel)")


if __name__ == "__main__":
    main()
