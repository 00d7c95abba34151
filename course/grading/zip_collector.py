"""nbgrader zip_collect plugin: a file is collected for the student its name says, unless it sits in
an archive one of their classmates handed in.

Trusted side: runs in nbgrader's process (`nbgrader zip_collect`, configured in
nbgrader_config.py), never beside student code.

nbgrader's `FileNameCollectorPlugin` takes the student id from a file's name
alone (`c.FileNameCollectorPlugin.named_regexp`), at any depth of the folder
it extracted the archives into. A student who hands in an archive,
`alice_1_easy.zip`, holding a notebook named `bob_1_easy.ipynb`, had it
collected as Bob's: in Bob's place if he had handed in none, and, if he had,
nbgrader stopped the whole collection ("Duplicate submission file") for the
class (red-team pass 111b). So did `alice_notes.zip` after that fix, until
red-team pass 123: the fix read an archive as a student's only when its name
was a notebook's (`<id>_<n>_<tier>`), and any other as the class's.

An archive (a folder nbgrader extracted one into, directly under `extracted/`)
is a student's unless `ClassmateSafeCollector.bulk_archives` names its file: a
learning platform names each upload `<student_id>_<its name>`, so what a
student's archive holds is collected only when named for a student id its name
begins with (`<id>_`). A platform's bulk download (one archive of the whole
class) is named in `bulk_archives` and read as nbgrader reads it. Loose files
(not in an archive) are collected as their names say.
"""

from __future__ import annotations

import os
import re

from nbgrader.plugins import FileNameCollectorPlugin
from traitlets import List, Unicode


class ClassmateSafeCollector(FileNameCollectorPlugin):
    """nbgrader's FileNameCollectorPlugin (the same `named_regexp`), which refuses a file inside a
    student's archive (any archive `bulk_archives` does not name, an archive inside a bulk one too: the
    innermost archive holding the file decides) that is named for a student id the
    archive's name does not begin with (`<student_id>_`), and, inside a bulk archive, a file named for
    a student other than that of a folder above it whose name the pattern reads as a student's (an
    archive of one student's, extracted inside the bulk one). Each refused file is named in a warning
    and left where it is (nothing is lost: collect it by hand if it is rightly that student's)."""

    bulk_archives = List(
        Unicode(), default_value=[],
        help="File names of archives in downloaded/<assignment>/archive/ that hold the whole class "
             "(a learning platform's bulk download, e.g. 'submissions.zip'): their notebooks are "
             "collected as their names say. Any other archive is one student's, named "
             "'<student_id>_<name>' by the platform, and only that student's notebooks in it are "
             "collected.").tag(config=True)

    def collect(self, submitted_file: str) -> dict | None:
        found = super().collect(submitted_file)
        if not found:
            return found
        app = self.parent  # nbgrader's ZipCollectApp
        root = os.path.normpath(app._format_collect_path(app.extracted_directory))
        path = os.path.normpath(submitted_file)
        student, archive = found["student_id"], self._archive_of(path)
        if archive is None:
            return found  # a loose file, handed in as itself
        name, folder = archive
        if name not in self.bulk_archives:
            owner = os.path.basename(folder)
            if owner == student or owner.startswith(student + "_"):
                return found
            self.log.warning("Not collected: %s is named for %s but was handed in inside %s, an archive that is "
                             "not %s's (a bulk download of the class? name it in "
                             "c.ClassmateSafeCollector.bulk_archives)", os.path.basename(path), student, name, student)
            return None
        folder = os.path.dirname(path)
        while folder.startswith(root + os.sep):
            owner = re.match(self.named_regexp, folder + ".ipynb")
            if owner and owner.groupdict().get("student_id") not in (None, student):
                self.log.warning(
                    "Not collected: %s is named for %s but was handed in inside %s, an archive of %s's",
                    os.path.basename(submitted_file), student, os.path.basename(folder),
                    owner.groupdict()["student_id"])
                return None
            folder = os.path.dirname(folder)
        return found

    def _archive_of(self, path: str) -> tuple[str, str] | None:
        """(file name, extracted folder) of the innermost archive `path`, a file in extracted/, came out of,
        None for a loose file. nbgrader's ExtractorPlugin extracts each archive of downloaded/<assignment>/archive/
        into a folder of its name without its extension, at the archive's place in the tree, and an archive
        inside one (`tree=True`) beside itself, into a folder named so: an archive a student handed in inside a
        bulk download is that student's (red-team pass 124: `alice_notes.zip` inside `submissions.zip`, holding
        `dave_1_easy.ipynb`, had it collected as Dave's)."""
        app = self.parent
        archives = os.path.normpath(app._format_collect_path(app.archive_directory))
        extracted = os.path.normpath(app._format_collect_path(app.extracted_directory))
        extensions = app.extractor_plugin_inst.zip_ext
        found = None
        for top, into in ((archives, extracted), (extracted, extracted)):
            for folder, _, names in os.walk(top):
                for name in names:
                    stem, extension = os.path.splitext(name)
                    if extension not in extensions:
                        continue
                    if os.path.splitext(stem)[1] == ".tar":
                        stem = os.path.splitext(stem)[0]
                    place = os.path.normpath(os.path.join(into, os.path.relpath(folder, top), stem))
                    if path.startswith(place + os.sep) and (found is None or len(place) > len(found[1])):
                        found = (name, place)
        return found
