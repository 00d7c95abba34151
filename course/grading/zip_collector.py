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
class (red-team pass 111b). A learning platform's bulk download (one archive of
the whole class, `submissions.zip`) is not named for a student and is read as
before.
"""

from __future__ import annotations

import os
import re

from nbgrader.plugins import FileNameCollectorPlugin


class ClassmateSafeCollector(FileNameCollectorPlugin):
    """nbgrader's FileNameCollectorPlugin (the same `named_regexp`), which refuses a file whose
    student id differs from that of a folder above it whose name the pattern reads as a student's
    (the folder an archive named `<student_id>_<notebook>.zip` was extracted into)."""

    def collect(self, submitted_file: str) -> dict | None:
        found = super().collect(submitted_file)
        if not found:
            return found
        app = self.parent  # nbgrader's ZipCollectApp
        root = os.path.normpath(app._format_collect_path(app.extracted_directory))
        folder = os.path.dirname(os.path.normpath(submitted_file))
        while folder.startswith(root + os.sep):
            owner = re.match(self.named_regexp, folder + ".ipynb")
            if owner and owner.groupdict().get("student_id") not in (None, found["student_id"]):
                self.log.warning(
                    "Not collected: %s is named for %s but was handed in inside %s, an archive of %s's",
                    os.path.basename(submitted_file), found["student_id"], os.path.basename(folder),
                    owner.groupdict()["student_id"])
                return None
            folder = os.path.dirname(folder)
        return found
