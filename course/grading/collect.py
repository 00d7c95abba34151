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

Trusted side: this runs as the instructor, on folders students wrote. Only
regular files in real folders are copied, each opened without following a
symbolic link (`O_NOFOLLOW`, every folder opened the same way and the next
name looked up from it), so a student folder holding `1_easy.ipynb ->
../../source/async_patterns/1_easy.ipynb` (the instructor's solutions), a
link to a folder, a FIFO or a device is reported as not collected; the
checks are made on the open file, so swapping a file for a link while
`collect` runs changes nothing.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

_NOFOLLOW = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC
_CHUNK = 1 << 20


@dataclass(frozen=True)
class Collected:
    student: str
    file: str
    action: str  # "copied", "unchanged", "kept existing (differs; use --force)", "replaced (...)", "not collected: ..."

    def __str__(self) -> str:
        return f"{self.student}: {self.file}: {self.action}"

    @property
    def refused(self) -> bool:
        """True for a file or folder left uncollected because it is not a regular file or real folder."""
        return self.action.startswith("not collected")


def _not_regular(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file (a FIFO, socket or device)"


def _refusal(what: str, entry: os.DirEntry) -> str:
    kind = _not_regular(entry.stat(follow_symlinks=False).st_mode)
    return (f"not collected: {what} is {kind}; ask the student to hand in the notebook file itself "
            "(nothing was copied or changed)")


def _open_folder(name: str, dir_fd: int | None = None) -> int | None:
    """A descriptor of the real folder `name` (relative to `dir_fd`), or None if it is not one."""
    try:
        return os.open(name, _NOFOLLOW | os.O_DIRECTORY, dir_fd=dir_fd)
    except (NotADirectoryError, FileNotFoundError):
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # a symbolic link, swapped in since the folder was listed
            return None
        raise


def _notebooks(folder_fd: int) -> list[os.DirEntry]:
    with os.scandir(folder_fd) as entries:
        return sorted((e for e in entries if e.name.endswith(".ipynb")), key=lambda e: e.name)


def _same_content(src, dest: Path) -> bool:
    src.seek(0)
    with dest.open("rb") as theirs:
        while True:
            a, b = src.read(_CHUNK), theirs.read(_CHUNK)
            if a != b:
                return False
            if not a:
                return True


def _copy(src, dest: Path) -> None:
    src.seek(0)
    with dest.open("xb") as out:
        shutil.copyfileobj(src, out, _CHUNK)


def _collect_notebook(student: str, folder_fd: int, entry: os.DirEntry, dest_dir: Path,
                      force: bool) -> Collected:
    try:
        fd = os.open(entry.name, _NOFOLLOW | os.O_NONBLOCK, dir_fd=folder_fd)
    except OSError:
        return Collected(student, entry.name, _refusal("this file", entry))
    with os.fdopen(fd, "rb") as src:
        mode = os.fstat(src.fileno()).st_mode
        if not stat.S_ISREG(mode):
            return Collected(student, entry.name,
                             f"not collected: this file is {_not_regular(mode)}; ask the student to hand in "
                             "the notebook file itself (nothing was copied or changed)")
        dest_dir.mkdir(parents=True, exist_ok=True)
        dest = dest_dir / entry.name
        if not dest.exists():
            _copy(src, dest)
            return Collected(student, entry.name, "copied")
        if _same_content(src, dest):
            return Collected(student, entry.name, "unchanged")
        if not force:
            return Collected(student, entry.name, "kept existing (differs; use --force to replace it)")
        n = 1
        while (backup := dest.with_name(f"{dest.stem}.replaced-{n}.ipynb")).exists():
            n += 1
        dest.rename(backup)
        _copy(src, dest)
        return Collected(student, entry.name, f"replaced (old copy: {backup.name})")


def collect(folder: Path, course_dir: Path, assignment: str, force: bool = False) -> list[Collected]:
    """Copy every student's notebooks from `folder` into `course_dir`/submitted/, one `Collected` per
    file (or per student with none). Raises SystemExit with what to give if `folder` is not a folder."""
    folder, course_dir = Path(folder), Path(course_dir)
    if not folder.is_dir():
        raise SystemExit(f"course collect: {folder} is not a folder. Give the folder holding one "
                         "subfolder per student (<student_id>/*.ipynb).")
    results: list[Collected] = []
    top = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        with os.scandir(top) as entries:
            students = sorted((e for e in entries if not e.name.startswith(".")), key=lambda e: e.name)
        for entry in students:
            if entry.is_symlink():
                if entry.is_dir():  # a link to a folder: a student's folder must be their own
                    results.append(Collected(entry.name, "-", _refusal("the student's folder", entry)))
                continue
            student_fd = _open_folder(entry.name, top)
            if student_fd is None:
                continue  # a file beside the student folders: not a student
            try:
                results += _collect_student(entry.name, student_fd, course_dir, assignment, force)
            finally:
                os.close(student_fd)
    finally:
        os.close(top)
    return results


def _collect_student(student: str, student_fd: int, course_dir: Path, assignment: str,
                     force: bool) -> list[Collected]:
    inner_fd = None
    with os.scandir(student_fd) as entries:
        inner = next((e for e in entries if e.name == assignment), None)
    if inner is not None and inner.is_symlink():
        return [Collected(student, assignment, _refusal(f"the {assignment} folder", inner))]
    if inner is not None and inner.is_dir(follow_symlinks=False):
        inner_fd = _open_folder(assignment, student_fd)
    folder_fd = student_fd if inner_fd is None else inner_fd
    try:
        notebooks = _notebooks(folder_fd)
        if not notebooks:
            return [Collected(student, "-", "no .ipynb files: nothing collected")]
        dest_dir = course_dir / "submitted" / student / assignment
        return [_collect_notebook(student, folder_fd, e, dest_dir, force) for e in notebooks]
    finally:
        if inner_fd is not None:
            os.close(inner_fd)
