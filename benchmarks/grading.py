"""Grading speed, side by side, in one run (prints figures; nothing is asserted).

    python benchmarks/grading.py [--class-size 50] [--jobs 2] [--repeat 3]
                                 [--check-workers N] [--parallel-check-workers N]

1. floor: plain nbgrader (default configuration) autograding one student's
   three trivial one-cell notebooks: what any nbgrader course pays.
2. full submission: one student's reference solutions for every notebook in
   source/, autograded with the course's configuration (isolated: a
   sandboxed kernel and a sandboxed check process per problem), and, to show
   what isolation costs, the same with the sandbox off (`c.Sandbox.enabled =
   False`: the same processes, no bubblewrap) and with every cell in one
   unsandboxed kernel (ExecutePromptly, the configuration before isolation);
   and, to show what it saves, without starting the later notebooks' checks
   early (`c.ExecuteIsolated.lookahead = False`).
3. a class (default 50 students, mixed correct and buggy, see
   grader_tests/classroom.py) autograded serially by `nbgrader autograde`
   and in parallel by `course autograde --jobs N`, checked to give the same
   scores.

Each run is the real CLI in a fresh temporary course. The floor and the full
submission are measured `--repeat` times, alternating, and reported as the
fastest and the median run (the fastest is the least disturbed by other
work); the class runs once each (minutes). Peak memory is the
largest total resident memory of the command's process tree (nbgrader, its
kernels, workers), sampled every 50 ms.

`--check-workers N` sets `c.ExecuteIsolated.check_workers` for every isolated
run (full submission and class); `--parallel-check-workers N` sets it for the
workers of `course autograde` alone. Without them, the course's configuration.

Targets: the full submission, isolated, within 1.6x the floor; the class at least
1.7x faster in parallel on 2 cores. On a machine shared with other work
the figures are noisy: the load average is printed with them.
"""

from __future__ import annotations

import argparse
import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "grader_tests"))

from classroom import roster  # noqa: E402
from conftest import ASSIGNMENT, NOTEBOOKS, copy_course  # noqa: E402

from course.grading.scores import read_scores  # noqa: E402

ENV = dict(os.environ, PATH=os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")]))


def busy_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot, summed over cores (/proc/stat:
    everything but idle and iowait). Unlike getrusage, it counts processes nobody reaped (a killed
    sandbox's), but also any other work on the machine: read it on an idle machine."""
    with open("/proc/stat") as stat:
        fields = [int(x) for x in stat.readline().split()[1:]]
    return (sum(fields) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")


def measured(command: list[str], cwd: Path) -> tuple[float, float, int, float, float]:
    """(wall seconds, peak MiB of the process tree, exit code, mean 1-min load average, CPU seconds)
    of running `command`. CPU seconds are the machine's busy core-seconds during the run
    (`busy_seconds`): with nothing else running, the work the run did, sandboxes included; divided
    by the wall time, the cores it kept busy."""
    before = busy_seconds()
    peak = 0
    loads: list[float] = []
    start = time.perf_counter()
    proc = psutil.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            total = 0
            try:
                for p in [proc, *proc.children(recursive=True)]:
                    try:
                        total += p.memory_info().rss
                    except psutil.Error:
                        pass
            except psutil.Error:
                pass
            peak = max(peak, total)
            loads.append(os.getloadavg()[0])
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = proc.wait()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    cpu = busy_seconds() - before
    return elapsed, peak / 2**20, code, statistics.fmean(loads) if loads else os.getloadavg()[0], cpu


def byte_compile_course_package() -> bool:
    """Write the bytecode of the `course` package, as pip does for every package it installs.

    The editable install leaves that to the first import; where
    PYTHONDONTWRITEBYTECODE is set (it is on the machines these figures were
    measured on), every kernel would compile the package from source again
    (~25 ms each), a cost that nbgrader, ipykernel and every other installed
    package never pay.
    """
    return compileall.compile_dir(str(ROOT / "course"), quiet=1)


def nbgrader_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "nbgrader", *args, "--log-level=ERROR"]


def trivial_course(folder: Path) -> Path:
    """An nbgrader course with default settings and three one-cell notebooks."""
    folder.mkdir(parents=True)
    (folder / "nbgrader_config.py").write_text(
        'c = get_config()\nc.CourseDirectory.root = __import__("os").path.dirname(__import__("os").path.abspath(__file__))\n')
    for i in range(1, 4):
        cell = nbformat.v4.new_code_cell("assert 1 + 1 == 2")
        cell.metadata["nbgrader"] = {"grade": True, "grade_id": f"t{i}", "locked": True, "points": 1,
                                     "schema_version": 3, "solution": False, "task": False}
        nb = nbformat.v4.new_notebook(cells=[cell])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        (folder / "source" / "trivial").mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, folder / "source" / "trivial" / f"n{i}.ipynb")
    subprocess.run(nbgrader_cmd("generate_assignment", "trivial", "--force"), cwd=folder, env=ENV, check=True)
    shutil.copytree(folder / "release" / "trivial", folder / "submitted" / "student" / "trivial")
    return folder


def prepared_course(folder: Path) -> Path:
    course = copy_course(folder)
    subprocess.run(nbgrader_cmd("generate_assignment", ASSIGNMENT, "--force"), cwd=course, env=ENV, check=True)
    return course


#: Lines appended to the course's nbgrader_config.py for each way of running a full submission.
VARIANTS = {
    "isolated": "",
    "no lookahead": "c.ExecuteIsolated.lookahead = False",
    "sandbox off": "c.Sandbox.enabled = False",
    "one kernel": ("from course.grading import ExecutePromptly\n"
                   "c.Autograde.autograde_preprocessors = [ExecutePromptly if p is ExecuteIsolated else p "
                   "for p in c.Autograde.autograde_preprocessors]"),
}


def submit(course: Path, students) -> None:
    for student in students:
        folder = course / "submitted" / student.id / ASSIGNMENT
        folder.mkdir(parents=True)
        for name, nb in student.notebooks().items():
            nbformat.write(nb, folder / name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--class-size", type=int, default=50)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--repeat", type=int, default=3, help="runs of the floor and the full submission")
    parser.add_argument("--check-workers", type=int, default=None,
                        help="c.ExecuteIsolated.check_workers for every run (default: the course's)")
    parser.add_argument("--parallel-check-workers", type=int, default=None,
                        help="c.ExecuteIsolated.check_workers for course autograde's workers only")
    args = parser.parse_args()
    workers = "" if args.check_workers is None else f"c.ExecuteIsolated.check_workers = {args.check_workers}"
    rows = []
    compiled = byte_compile_course_package()
    print(f"{os.cpu_count()} core(s); load average before: {os.getloadavg()[0]:.2f}; "
          f"check_workers: {args.check_workers or 'default'}, in course autograde's workers: "
          f"{args.parallel_check_workers or args.check_workers or 'default'}; "
          f"notebooks in source/: {', '.join(NOTEBOOKS)}; course package byte-compiled: {bool(compiled)}",
          flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        tmp = Path(tmp)
        floors, fulls = [], {variant: [] for variant in VARIANTS}
        reference = roster(1, references=1)[0]
        for i in range(args.repeat):  # alternate, so all see the same background load
            floor = trivial_course(tmp / f"trivial-{i}")
            floors.append(measured(nbgrader_cmd("autograde", "trivial"), floor))
            for v, (variant, extra) in enumerate(VARIANTS.items()):
                one = prepared_course(tmp / f"one-{i}-{v}")
                with open(one / "nbgrader_config.py", "a") as config:
                    config.write("\n" + extra + "\n" + workers + "\n")
                submit(one, [reference])
                fulls[variant].append(measured(nbgrader_cmd("autograde", ASSIGNMENT), one))
            print(f"  run {i + 1}: floor {floors[-1][0]:.1f} s, full submission "
                  + ", ".join(f"{variant} {runs[-1][0]:.1f} s" for variant, runs in fulls.items()), flush=True)
        t_floor, med_floor = min(f[0] for f in floors), statistics.median(f[0] for f in floors)
        rows.append(("floor: nbgrader, 3 trivial one-cell notebooks, 1 student", t_floor,
                     max(f[1] for f in floors), f"fastest of {args.repeat}; median {med_floor:.1f} s; load avg "
                     f"{statistics.fmean(f[3] for f in floors):.1f}"))
        for variant, runs in fulls.items():
            t_full, med_full = min(f[0] for f in runs), statistics.median(f[0] for f in runs)
            target = " (target <= 1.6x)" if variant == "isolated" else ""
            rows.append((f"full submission, {variant}: {len(NOTEBOOKS)} notebooks, 1 student", t_full,
                         max(f[1] for f in runs),
                         f"{t_full / t_floor:.2f}x the floor{target}; median {med_full:.1f} s "
                         f"({med_full / med_floor:.2f}x); CPU {min(f[4] for f in runs):.1f} s"))
        fastest = {variant: min(f[0] for f in runs) for variant, runs in fulls.items()}
        median = {variant: statistics.median(f[0] for f in runs) for variant, runs in fulls.items()}
        isolated, unsandboxed, one_kernel = fastest["isolated"], fastest["sandbox off"], fastest["one kernel"]
        print(f"  isolation costs {isolated - one_kernel:+.1f} s against one kernel: "
              f"{isolated - unsandboxed:+.1f} s the sandbox itself, {unsandboxed - one_kernel:+.1f} s the "
              "process per problem", flush=True)
        print(f"  starting the later notebooks' checks early saves {fastest['no lookahead'] - isolated:.1f} s "
              f"(fastest runs; {median['no lookahead'] - median['isolated']:.1f} s between the medians)", flush=True)
        if args.class_size <= 0:
            return _print(rows, None)
        base = prepared_course(tmp / "base")
        with open(base / "nbgrader_config.py", "a") as config:
            config.write("\n" + workers + "\n")

        students = roster(args.class_size)
        serial, parallel = tmp / "serial", tmp / "parallel"
        shutil.copytree(base, serial)
        submit(serial, students)
        shutil.copytree(serial, parallel)
        if args.parallel_check_workers is not None:
            with open(parallel / "nbgrader_config.py", "a") as config:
                config.write(f"\nc.ExecuteIsolated.check_workers = {args.parallel_check_workers}\n")
        t_serial, m_serial, code_s, load_s, cpu_s = measured(nbgrader_cmd("autograde", ASSIGNMENT), serial)
        rows.append((f"class of {len(students)}: nbgrader autograde (serial)", t_serial, m_serial,
                     f"{t_serial / len(students):.2f} s per student; CPU {cpu_s:.0f} s ({cpu_s / t_serial:.2f} cores "
                     f"busy); load avg {load_s:.1f}"))
        print(f"  {rows[-1][0]}: {rows[-1][1]:.1f} s", flush=True)
        t_par, m_par, code_p, load_p, cpu_p = measured([sys.executable, "-m", "course.tools.cli", "autograde",
                                         "--jobs", str(args.jobs)], parallel)
        rows.append((f"class of {len(students)}: course autograde --jobs {args.jobs}", t_par, m_par,
                     f"{t_serial / t_par:.2f}x faster than serial (target >= 1.7x); CPU {cpu_p:.0f} s "
                     f"({cpu_p / t_par:.2f} cores busy); "
                     f"load avg {load_p:.1f}"))
        print(f"  {rows[-1][0]}: {rows[-1][1]:.1f} s", flush=True)
        same = read_scores(serial, ASSIGNMENT) == read_scores(parallel, ASSIGNMENT)
        _print(rows, f"serial and parallel scores identical: {same} (exit codes {code_s}, {code_p}); "
                     "load avg: the machine's mean 1-minute load average during the run (2 cores: "
                     "above 2 means other work competed for them)")


def _print(rows, footer: str | None) -> None:
    print()
    print(f"{'run':<58} {'wall s':>8} {'peak MiB':>9}  note")
    for name, seconds, mib, note in rows:
        print(f"{name:<58} {seconds:>8.1f} {mib:>9.0f}  {note}")
    if footer:
        print(f"\n{footer}")


if __name__ == "__main__":
    main()
