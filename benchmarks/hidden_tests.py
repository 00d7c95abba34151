"""Wall time of each problem's test cells inside its check process, as autograde runs them
(prints figures; nothing is asserted).

    python benchmarks/hidden_tests.py [--repeat 3]

Each problem of the reference notebooks (source/) runs in a sandboxed check
process (`course.grading.problem_checks`), which reports each test cell's wall
time; the figures exclude the process's start (printed apart, as the whole
process's wall time). The fastest of `--repeat` runs is shown.

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
    args = parser.parse_args()
    print(f"{os.cpu_count()} core(s); load average before: {os.getloadavg()[0]:.2f}")
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


if __name__ == "__main__":
    main()
