"""nbgrader zip_collect plugin: an archive that cannot be read is left out, with a warning, and the class's other
archives are extracted as nbgrader extracts them.

Trusted side: runs in nbgrader's process (`nbgrader zip_collect`, configured in
nbgrader_config.py), never beside student code.

nbgrader's `ExtractorPlugin` extracts every file of downloaded/<assignment>/archive/ in one pass, and an archive
it cannot read (not a zip at all, or one cut short by the upload) raises out of that pass: nothing was collected
for anyone, one student's broken upload stopping the whole class's collection (red-team pass 127).
"""

from __future__ import annotations

import os
import shutil
import tempfile

from nbgrader.plugins import ExtractorPlugin


class OneArchiveAtATimeExtractor(ExtractorPlugin):
    """nbgrader's ExtractorPlugin, run on each file of the archive folder alone (in a scratch folder, at the same
    place in the tree), its result moved into extracted/ only once it is whole. A file it fails on is named in a
    warning and left where it is (nothing is lost: open it by hand); the others are extracted as nbgrader would."""

    def extract(self, archive_path: str, extracted_path: str) -> None:
        if not os.path.isdir(archive_path) or not os.listdir(archive_path):
            return super().extract(archive_path, extracted_path)  # (its own warning)
        for folder, _, names in os.walk(archive_path):
            for name in sorted(names):
                place = os.path.relpath(folder, archive_path)
                with tempfile.TemporaryDirectory(prefix="zip-collect-") as scratch:
                    alone, out = os.path.join(scratch, "archive"), os.path.join(scratch, "extracted")
                    os.makedirs(os.path.join(alone, place))
                    os.makedirs(out)
                    shutil.copy2(os.path.join(folder, name), os.path.join(alone, place, name))
                    try:
                        super().extract(alone, out)
                    except Exception as error:  # whatever the unpacker raises for a file it cannot read
                        self.log.warning("Not extracted: %s could not be read as an archive (%s: %s); nothing in it "
                                         "is collected, and it is left in %s: open it by hand",
                                         os.path.join(place, name) if place != "." else name,
                                         type(error).__name__, error, archive_path)
                        continue
                    shutil.copytree(out, extracted_path, dirs_exist_ok=True)
