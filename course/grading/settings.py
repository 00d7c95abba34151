"""The course's nbgrader settings that grading tools need, read as nbgrader reads them."""

from __future__ import annotations

from pathlib import Path

from nbgrader.coursedir import CourseDirectory
from traitlets.config.loader import PyFileConfigLoader


def course_settings(course_dir: Path) -> tuple[str, str]:
    """(db_url, course_id) as `course_dir`/nbgrader_config.py sets them (nbgrader's defaults otherwise).

    Only that file is read (not ~/.jupyter/nbgrader_config.py): keep the
    course's settings in the course.
    """
    config = PyFileConfigLoader("nbgrader_config.py", path=str(course_dir)).load_config()
    coursedir = CourseDirectory(config=config)
    if not config.CourseDirectory.get("root"):
        coursedir.root = str(course_dir)
    return coursedir.db_url, coursedir.course_id


def is_sqlite(db_url: str) -> bool:
    return db_url.startswith("sqlite:")


def sqlite_path(db_url: str) -> Path:
    """The database file of an SQLite db_url (`sqlite:///<absolute path>`)."""
    if not db_url.startswith("sqlite:///"):
        raise ValueError(f"not a file-backed SQLite URL: {db_url!r}")
    return Path(db_url.removeprefix("sqlite:///"))
