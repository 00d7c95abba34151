"""The student export: the public, student-facing copy of the course.

The instructor repository cannot be the public Binder repository: `source/`
holds the solutions and the hidden tests. `export_student` writes what a
student needs, and nothing else, to a new folder that is ready to push as
the public repository Binder builds:

    release/     the released notebooks (solution cells stubbed, tests visible only)
    course/      the Python package the notebooks import, without its unit tests
    binder/      the repo2docker configuration (environment, postBuild)
    pyproject.toml   the package metadata postBuild installs, without test settings
    README.md    the student README, with Binder links to every notebook
    LICENSE, .gitignore

Not exported: source/, grader_tests/ (graded submission variants), course/tests/,
nbgrader_config.py, autograded/, the instructor README and environment.yml.
"""

from __future__ import annotations

import re
import shutil
from importlib import resources
from pathlib import Path
from string import Template

from .binder_links import DEFAULT_REF, PLACEHOLDER_REPO, badge_markdown, binder_url, check_repo

ASSIGNMENT = "async_patterns"
#: Top-level files and folders copied as they are.
COPIED = ("release", "binder", "LICENSE")
#: Every top-level entry an export writes.
WRITTEN = (*COPIED, "course", "pyproject.toml", "README.md", ".gitignore")
#: Parts of the `course` package a student does not need (they hold
#: scenario code close to reference solutions).
PACKAGE_EXCLUDED = ("tests",)
#: pyproject.toml tables that only make sense in the instructor repository.
PYPROJECT_DROPPED = ("project.optional-dependencies", "tool.pytest.ini_options")
_JUNK = shutil.ignore_patterns("__pycache__", "*.py[cod]", ".ipynb_checkpoints", "*.egg-info")

_GITIGNORE = """\
__pycache__/
*.py[cod]
*.egg-info/
.ipynb_checkpoints/
.venv/
build/
"""


class ExportError(Exception):
    """The export cannot be written; the message says what to do."""


def export_student(root: Path, dest: Path, *, repo: str = PLACEHOLDER_REPO, ref: str = DEFAULT_REF,
                   force: bool = False) -> list[Path]:
    """Write the student-facing tree of the course at `root` into `dest`.

    `dest` must be missing or empty (a lone `.git` folder is fine: an empty
    clone). With `force`, what the export writes (release/, course/, binder/,
    README.md, ...) replaces the folder's entries of the same names; anything
    else there (a `.git` folder, the instructor's own notes) is left in place,
    so nothing is lost, and reported by `leftovers`. Returns the files
    written, relative to `dest`.
    """
    root, dest = Path(root).resolve(), Path(dest).resolve()
    check_repo(repo)
    missing = [name for name in (*COPIED, "course", "pyproject.toml") if not (root / name).exists()]
    if missing:
        raise ExportError(f"{root} is not a complete course repository: missing {', '.join(missing)}")
    if dest == root or root in dest.parents:
        raise ExportError(f"{dest} is inside the course repository; export to a folder outside it")
    notebooks = sorted((root / "release" / ASSIGNMENT).glob("*.ipynb"))
    if not notebooks:
        raise ExportError(f"release/{ASSIGNMENT}/ has no notebook: run `course release` first")
    _prepare(dest, force)

    for name in COPIED:
        if (root / name).is_dir():
            shutil.copytree(root / name, dest / name, ignore=_JUNK)
        else:
            shutil.copy2(root / name, dest / name)
    shutil.copytree(root / "course", dest / "course", ignore=_package_ignore(root / "course"))
    (dest / "pyproject.toml").write_text(student_pyproject((root / "pyproject.toml").read_text()))
    paths = [nb.relative_to(root).as_posix() for nb in notebooks]
    (dest / "README.md").write_text(student_readme(paths, repo, ref), encoding="utf-8")
    (dest / ".gitignore").write_text(_GITIGNORE)
    return sorted(p.relative_to(dest) for p in dest.rglob("*")
                  if p.is_file() and ".git" not in p.relative_to(dest).parts[:1])


def _package_ignore(package: Path):
    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = set(_JUNK(folder, names))
        if Path(folder) == package:
            skipped |= {name for name in names if name in PACKAGE_EXCLUDED}
        return skipped
    return ignore


def _prepare(dest: Path, force: bool) -> None:
    if dest.exists() and not dest.is_dir():
        raise ExportError(f"{dest} is a file, not a folder: choose a new folder to export to")
    dest.mkdir(parents=True, exist_ok=True)
    present = [p for p in dest.iterdir() if p.name != ".git"]
    if present and not force:
        raise ExportError(
            f"{dest} is not empty (it holds {', '.join(sorted(p.name for p in present)[:5])}). Export to a "
            "new folder, or pass --force to replace what the export writes there (release/, course/, "
            "binder/, README.md, ...; other files and .git are kept).")
    for path in (p for p in present if p.name in WRITTEN):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def leftovers(dest: Path) -> list[str]:
    """Entries of `dest` that an export did not write (besides .git): to review before pushing."""
    return sorted(p.name for p in Path(dest).iterdir() if p.name not in (*WRITTEN, ".git"))


def student_readme(notebooks: list[str], repo: str = PLACEHOLDER_REPO, ref: str = DEFAULT_REF) -> str:
    """The student README, with a Binder badge and a link per notebook (paths from the repository root)."""
    template = Template(resources.files(__package__).joinpath("student_readme.md").read_text(encoding="utf-8"))
    rows = "\n".join(f"| `{Path(nb).name}` | [open in JupyterLab on Binder]({binder_url(repo, nb, ref)}) |"
                     for nb in notebooks)
    text = template.substitute(badge=badge_markdown(repo, notebooks[0], ref), notebook_rows=rows,
                               first_notebook=notebooks[0])
    if repo == PLACEHOLDER_REPO:
        text = text.replace("\n\nA hands-on", "\n\n> **Before publishing:** the Binder links point to "
                            f"`{PLACEHOLDER_REPO}`. Export again with `course export-student DEST "
                            "--binder-repo OWNER/NAME`, naming the public GitHub repository this folder "
                            "is pushed to.\n\nA hands-on", 1)
    return text


def student_pyproject(text: str) -> str:
    """pyproject.toml without the instructor-only tables and without comment lines."""
    out, keep = [], True
    for line in text.splitlines():
        header = re.fullmatch(r"\s*\[([^\[\]]+)\]\s*", line)
        if header:
            keep = header.group(1).strip() not in PYPROJECT_DROPPED
        if keep and not line.lstrip().startswith("#"):
            out.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n"
