"""Collect a folder of handed-in notebooks into nbgrader's submitted/ layout.

For submissions that arrive as one folder per student (a shared drive, an
LMS export unpacked by student), `collect` copies

    <folder>/<student_id>/*.ipynb                   (or)
    <folder>/<student_id>/<assignment>/*.ipynb

to `submitted/<student_id>/<assignment>/`, which is where `nbgrader
autograde` looks. Nothing is lost: a notebook already in submitted/ with
different content is left as it is and reported, unless `force` is set;
then the old file is kept beside it as `<name>.replaced-<n>.ipynb`.
(Files downloaded as `<student>_<notebook>.ipynb` or in zip archives go
through `nbgrader zip_collect` instead; see nbgrader_config.py.)
"""

from __future__ import annotations

import filecmp
import shutil
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Collected:
    student: str
    file: str
    action: str  # "copied", "unchanged", "kept existing (differs; use --force)", "replaced (...)"

    def __str__(self) -> str:
        return f"{self.student}: {self.file}: {self.action}"


def collect(folder: Path, course_dir: Path, assignment: str, force: bool = False) -> list[Collected]:
    folder, course_dir = Path(folder), Path(course_dir)
    if not folder.is_dir():
        raise SystemExit(f"course collect: {folder} is not a folder. Give the folder holding one "
                         "subfolder per student (<student_id>/*.ipynb).")
    results: list[Collected] = []
    for student_dir in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        inner = student_dir / assignment
        notebooks = sorted((inner if inner.is_dir() else student_dir).glob("*.ipynb"))
        if not notebooks:
            results.append(Collected(student_dir.name, "-", "no .ipynb files: nothing collected"))
            continue
        dest_dir = course_dir / "submitted" / student_dir.name / assignment
        dest_dir.mkdir(parents=True, exist_ok=True)
        for notebook in notebooks:
            dest = dest_dir / notebook.name
            if not dest.exists():
                shutil.copy2(notebook, dest)
                results.append(Collected(student_dir.name, notebook.name, "copied"))
            elif filecmp.cmp(notebook, dest, shallow=False):
                results.append(Collected(student_dir.name, notebook.name, "unchanged"))
            elif not force:
                results.append(Collected(student_dir.name, notebook.name,
                                         "kept existing (differs; use --force to replace it)"))
            else:
                n = 1
                while (backup := dest.with_name(f"{dest.stem}.replaced-{n}.ipynb")).exists():
                    n += 1
                dest.rename(backup)
                shutil.copy2(notebook, dest)
                results.append(Collected(student_dir.name, notebook.name, f"replaced (old copy: {backup.name})"))
    return results
