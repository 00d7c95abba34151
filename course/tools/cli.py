"""`course`: the course's maintenance commands.

    course fmt [--check]   canonical formatting of source/ notebooks
    course release         regenerate release/ from source/ with nbgrader
    course collect FOLDER [--force]
                           copy FOLDER/<student>/*.ipynb into submitted/
    course check-submissions [--fix]
                           find missing, misnamed, empty or corrupt submissions
    course export-student DEST [--binder-repo OWNER/NAME] [--ref BRANCH] [--force]
                           write the public, student-facing tree (no solutions,
                           no hidden tests) for the Binder repository
    course autograde [--jobs N] [--force] [--student ID]
                           nbgrader autograde on every core, same results
    course overview        per-problem scores and most common failed checks
    course nbgrader-ui {student,instructor}
                           nbgrader's JupyterLab tools for a student (Validate only,
                           as on Binder) or an instructor (formgrader, create-assignment)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from .binder_links import DEFAULT_REF, PLACEHOLDER_REPO

ASSIGNMENT = "async_patterns"


def course_root(start: Path | None = None) -> Path:
    """The nbgrader course directory: the nearest folder up with nbgrader_config.py."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "nbgrader_config.py").is_file() and (folder / "source").is_dir():
            return folder
    raise SystemExit("course: no course directory here. Run this inside the repository "
                     "(the folder holding nbgrader_config.py and source/).")


def cmd_fmt(args: argparse.Namespace) -> int:
    from .notebooks import format_notebooks  # nbformat takes a while to import: only when needed

    root = course_root()
    paths = sorted((root / "source").rglob("*.ipynb"))
    paths = [p for p in paths if ".ipynb_checkpoints" not in p.parts]
    changed = format_notebooks(paths, check=args.check)
    for path in changed:
        print(f"{'would reformat' if args.check else 'reformatted'} {path.relative_to(root)}")
    if args.check and changed:
        print("Run `course fmt` to fix.", file=sys.stderr)
        return 1
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    """Regenerate release/ exactly as `nbgrader generate_assignment` makes it. If nbgrader fails, release/ is put
    back as it was (`--force` removes it before nbgrader reads the source, so a failure left none)."""
    import shutil
    import tempfile

    from course.grading.parallel import nbgrader_env

    from .notebooks import format_notebooks

    root = course_root()
    format_notebooks(sorted((root / "source" / ASSIGNMENT).glob("*.ipynb")))
    release = root / "release" / ASSIGNMENT
    with tempfile.TemporaryDirectory(prefix="course-release-") as kept:
        before = Path(kept) / ASSIGNMENT
        if release.is_dir():
            shutil.copytree(release, before, symlinks=True)
        done = subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", ASSIGNMENT,
                               "--force", "--log-level=WARN"], cwd=root, env=nbgrader_env())
        if done.returncode == 0:
            print(f"release/{ASSIGNMENT}/ regenerated from source/{ASSIGNMENT}/")
        elif before.is_dir():
            shutil.rmtree(release, ignore_errors=True)
            shutil.copytree(before, release, symlinks=True)
            print(f"course release: nbgrader generate_assignment failed (its log is above); release/{ASSIGNMENT}/ is "
                  "as it was. Fix what the log names and run `course release` again.", file=sys.stderr)
    return done.returncode


def cmd_collect(args: argparse.Namespace) -> int:
    from ..grading.collect import collect

    root = course_root()
    results = collect(Path(args.folder).resolve(), root, ASSIGNMENT, force=args.force)
    for result in results:
        print(result)
    kept = [r for r in results if r.action.startswith("kept")]
    refused = [r for r in results if r.refused]
    students = {r.student for r in results if r.action in ("copied", "unchanged") or r.action.startswith("replaced")}
    needs = []
    if kept:
        needs.append(f"{len(kept)} file(s) differ from what was already there (kept; --force replaces them)")
    if refused:
        needs.append(f"{len(refused)} link(s) or special file(s) not collected (see above)")
    print(f"{len(students)} student(s) in submitted/; " + ("; ".join(needs) or "next: course check-submissions"))
    return 1 if needs else 0


def cmd_check_submissions(args: argparse.Namespace) -> int:
    from ..grading.preflight import ERROR, NOTE, WARNING, check_submissions

    root = course_root()
    findings = check_submissions(root, ASSIGNMENT, fix=args.fix)
    label = {ERROR: "ERROR    ", WARNING: "warning  ", NOTE: "note     "}
    for finding in findings:
        print(label[finding.level] + str(finding))
    fatal = [f for f in findings if f.level == ERROR]
    warned = [f for f in findings if f.level == WARNING]
    said = (f"{len(warned)} warning(s) (graded as they are: a missing notebook scores 0); " if warned else "")
    if fatal:
        # Exit 1 only for what grading cannot handle (the README's promise).
        print(said + f"{len(fatal)} notebook(s) of {len({f.student for f in fatal})} student(s) cannot be "
              "graded as they are: fix them (--fix copies a misnamed notebook to its name), then check again "
              "(autograding grades the rest of the class either way).")
        return 1
    print(said + "ready to autograde.")
    return 0


def cmd_export_student(args: argparse.Namespace) -> int:
    from .export import ExportError, export_student, leftovers

    root = course_root()
    try:
        written = export_student(root, Path(args.dest), repo=args.binder_repo, ref=args.ref,
                                 force=args.force)
    except (ExportError, ValueError) as error:
        print(f"course export-student: {error}", file=sys.stderr)
        return 2
    print(f"wrote {len(written)} files to {Path(args.dest).resolve()}")
    others = leftovers(Path(args.dest))
    if others:
        print(f"note: left in place, not part of the export (remove them before pushing unless they "
              f"belong in the public repository): {', '.join(others)}")
    if args.binder_repo == PLACEHOLDER_REPO:
        print(f"note: the README's Binder links name the placeholder {PLACEHOLDER_REPO}; pass "
              "--binder-repo OWNER/NAME (the public GitHub repository) before publishing.")
    return 0


def cmd_autograde(args: argparse.Namespace) -> int:
    from ..grading.parallel import autograde_class

    root = course_root()
    result = autograde_class(root, ASSIGNMENT, args.jobs, student=args.student, force=args.force,
                             log_level=args.log_level)
    failed = [w for w in result.workers if w.returncode != 0]
    skipped = result.skipped
    print(f"graded {len(result.students) - len(skipped)} student(s) in {result.seconds:.1f} s with "
          f"{len(result.workers)} worker(s); results in autograded/ and the gradebook")
    if skipped:
        print(f"skipped {len(skipped)} already graded (their submissions are no newer than their grading; "
              f"--force regrades them): {', '.join(skipped)}")
    if failed:
        print("nbgrader reported errors (above); the other students were graded.", file=sys.stderr)
    return 1 if failed else 0


def cmd_overview(args: argparse.Namespace) -> int:
    from ..grading.overview import class_overview, render_html, render_table

    root = course_root()
    overview = class_overview(root, ASSIGNMENT)
    print(render_table(overview, top=args.top))
    out = Path(args.output) if args.output else root / "reports" / f"{ASSIGNMENT}_overview.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_html(overview, top=args.top), encoding="utf-8")
    print(f"\nreport with charts: {out}")
    return 0


def cmd_nbgrader_ui(args: argparse.Namespace) -> int:
    from .nbgrader_ui import set_role
    return set_role(args.role)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="course", description="Maintain the async_patterns course.")
    sub = parser.add_subparsers(dest="command", required=True)
    fmt = sub.add_parser("fmt", help="format source/ notebooks canonically (no outputs)")
    fmt.add_argument("--check", action="store_true", help="only report notebooks that need it")
    fmt.set_defaults(func=cmd_fmt)
    release = sub.add_parser("release", help="regenerate release/ from source/ with nbgrader")
    release.set_defaults(func=cmd_release)
    gather = sub.add_parser("collect", help="copy FOLDER/<student_id>/*.ipynb into submitted/")
    gather.add_argument("folder", help="folder with one subfolder per student")
    gather.add_argument("--force", action="store_true",
                        help="replace submitted notebooks that differ (the old ones are kept as backups)")
    gather.set_defaults(func=cmd_collect)
    check = sub.add_parser("check-submissions", help="check submitted/ before autograding")
    check.add_argument("--fix", action="store_true",
                       help="copy misnamed notebooks to the expected name, upgrade old formats")
    check.set_defaults(func=cmd_check_submissions)
    export = sub.add_parser("export-student",
                            help="write the student-facing tree (public Binder repository) to DEST")
    export.add_argument("dest", metavar="DEST", help="a new or empty folder")
    export.add_argument("--binder-repo", default=PLACEHOLDER_REPO, metavar="OWNER/NAME",
                        help="the public GitHub repository the export is pushed to, for the "
                             f"README's Binder links (default: the placeholder {PLACEHOLDER_REPO})")
    export.add_argument("--ref", default=DEFAULT_REF, help="the branch Binder builds (default: %(default)s)")
    export.add_argument("--force", action="store_true",
                        help="export into a non-empty DEST: replace what the export writes, keep "
                             "everything else (such as .git) and list it")
    export.set_defaults(func=cmd_export_student)
    grade = sub.add_parser("autograde", help="nbgrader autograde, in parallel (one worker per core)")
    from ..grading.parallel import usable_cores

    grade.add_argument("--jobs", "-j", type=int, default=usable_cores(),
                       help="number of workers, each grading its share of the class (default: %(default)s, "
                            "one per core)")
    grade.add_argument("--force", action="store_true", help="regrade students already graded")
    grade.add_argument("--student", default="*", help="only students whose id matches this glob")
    grade.add_argument("--log-level", default="WARN", help="nbgrader's log level in each worker")
    grade.set_defaults(func=cmd_autograde)
    overview = sub.add_parser("overview", help="class overview: score distribution, common failed checks")
    overview.add_argument("--top", type=int, default=10, help="failed checks to list (default: %(default)s)")
    overview.add_argument("--output", help="HTML report path (default: reports/async_patterns_overview.html)")
    overview.set_defaults(func=cmd_overview)
    ui = sub.add_parser("nbgrader-ui", help="nbgrader's JupyterLab tools for a student (as on Binder) "
                                           "or an instructor, in this Python environment")
    ui.add_argument("role", choices=("student", "instructor"))
    ui.set_defaults(func=cmd_nbgrader_ui)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
