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

An archive (a folder nbgrader extracted one into) is a student's unless it is an
outermost one `ClassmateSafeCollector.bulk_archives` names: a learning platform
names each upload `<student_id>_<its name>`, so a notebook is collected only
when every archive around it is named for the student id the notebook's name
gives, an archive's owner being the longest known id its name begins with
(`<id>_`): `dave_hw.zip` inside `alice_notes.zip` hands in nothing of Dave's,
and `bob_smith_hw.zip` nothing of Bob's once Bob Smith is known (from the
gradebook's students, or a notebook of his in his own archive). A platform's bulk
download (one archive of the whole class) is named in `bulk_archives` and read
as nbgrader reads it. Loose files (not in an archive) are collected as their
names say.
"""

from __future__ import annotations

import os
import re

from nbgrader.plugins import FileNameCollectorPlugin
from traitlets import List, Unicode


class ClassmateSafeCollector(FileNameCollectorPlugin):
    """nbgrader's FileNameCollectorPlugin (the same `named_regexp`), which refuses a file named for a student inside
    an archive that is not that student's: every archive between the file and downloaded/<assignment>/archive/ must be
    the student's (named for them), but an outermost one `bulk_archives` names, in which a folder whose name the
    pattern reads as another student's refuses it too. An archive's owner is the longest student id its name begins
    with (`<student_id>_`), among the ids the gradebook knows and those of notebooks handed in in their own students'
    archives (see `_students`): `bob_smith_hw.zip` is Bob Smith's, not Bob's, once Bob Smith is known. Each refused file is named in a warning and left where it is (nothing is lost: collect it by
    hand if it is rightly that student's)."""

    bulk_archives = List(
        Unicode(), default_value=[],
        help="File names of archives in downloaded/<assignment>/archive/ that hold the whole class "
             "(a learning platform's bulk download, e.g. 'submissions.zip'): their notebooks are "
             "collected as their names say. Any other archive is one student's, named "
             "'<student_id>_<name>' by the platform, and only that student's notebooks in it are "
             "collected; an archive inside any archive is one student's too.").tag(config=True)

    def collect(self, submitted_file: str) -> dict | None:
        found = super().collect(submitted_file)
        if not found:
            return found
        refused = self._refusal(os.path.normpath(submitted_file), found["student_id"])
        if refused is not None:
            self.log.warning("Not collected: %s", refused)
            return None
        copies = self._copies().get((found["student_id"], found["file_id"]), ())
        if len(copies) > 1 and not found.get("timestamp"):
            self.log.warning("Not collected: %s handed in %d copies of %s (%s), with no time to tell which is the "
                             "last; none is collected, so that the class's collection goes on: copy the right one "
                             "into submitted/ by hand", found["student_id"], len(copies), found["file_id"],
                             ", ".join(sorted(os.path.relpath(copy, self._extracted()) for copy in copies)))
            return None
        return found

    def _refusal(self, path: str, student: str) -> str | None:
        """Why the file at `path` (in extracted/), named for `student`, is not collected; None if it is. Each file's
        is worked out once (`_copies` asks for every file before nbgrader asks `collect` for each)."""
        known = self.__dict__.setdefault("_refusals", {})
        if (path, student) not in known:
            known[path, student] = self._worked_out_refusal(path, student)
        return known[path, student]

    def _worked_out_refusal(self, path: str, student: str) -> str | None:
        root = self._extracted()
        chain = self._chain(path)
        for name, place, outermost in chain:
            if outermost and name in self.bulk_archives:
                continue
            if self._owner(os.path.basename(place)) != student:
                hint = (" (a bulk download of the class? name it in c.ClassmateSafeCollector.bulk_archives)"
                        if outermost else "")
                return (f"{os.path.basename(path)} is named for {student} but was handed in inside {name}, an archive "
                        f"that is not {student}'s{hint}")
        if chain and chain[0][2] and chain[0][0] in self.bulk_archives:
            folder = os.path.dirname(path)
            while folder.startswith(root + os.sep):
                owner = re.match(self.named_regexp, folder + ".ipynb")
                if owner and owner.groupdict().get("student_id") not in (None, student):
                    return (f"{os.path.basename(path)} is named for {student} but was handed in inside "
                            f"{os.path.basename(folder)}, an archive of {owner.groupdict()['student_id']}'s")
                folder = os.path.dirname(folder)
        return None

    def _copies(self) -> dict[tuple[str, str], list[str]]:
        """{(student id, file id): the paths of the files that would be collected for it}, read once. nbgrader stops
        the whole collection on two of one student's notebook with no timestamp ("Duplicate submission file"): a
        student who handed in `alice_1_easy.ipynb` twice in one archive stopped the class's (red-team pass 127)."""
        if getattr(self, "_seen", None) is None:
            seen: dict[tuple[str, str], list[str]] = {}
            for folder, _, names in os.walk(self._extracted()):
                for name in names:
                    path = os.path.normpath(os.path.join(folder, name))
                    if os.path.splitext(path)[1] not in self.valid_ext:
                        continue
                    match = re.match(self.named_regexp, path)
                    found = match.groupdict() if match else {}
                    if found.get("student_id") and found.get("file_id") and self._refusal(
                            path, found["student_id"]) is None:
                        seen.setdefault((found["student_id"], found["file_id"]), []).append(path)
            self._seen = seen
        return self._seen

    def _extracted(self) -> str:
        app = self.parent  # nbgrader's ZipCollectApp
        return os.path.normpath(app._format_collect_path(app.extracted_directory))

    def _chain(self, path: str) -> list[tuple[str, str, bool]]:
        """The archives `path` (a file in extracted/) came out of, outermost first (see `_archives`)."""
        return sorted(((name, place, outermost) for name, place, outermost in self._archives()
                       if path.startswith(place + os.sep)), key=lambda archive: len(archive[1]))

    def _owner(self, stem: str) -> str:
        """The student an archive named `stem` (its extracted folder's name) belongs to: the longest known student id
        it is or begins with followed by `_`; `stem` itself if none is."""
        owners = [student for student in self._students() if stem == student or stem.startswith(student + "_")]
        return max(owners, key=len) if owners else stem

    def _students(self) -> set[str]:
        """The student ids known, read once: the gradebook's, and those of the extracted notebooks whose every archive
        (but a bulk download) is named for them (`<id>` or `<id>_...`), as a platform names a student's uploads. Not
        those of the others: a notebook named `bob_hw_1_easy.ipynb` in Alice's archive made `bob_hw` an id, and Bob's
        own `bob_hw.zip` was then no archive of Bob's (red-team pass 126)."""
        if getattr(self, "_known", None) is None:
            app = self.parent
            known = set()
            extracted = os.path.normpath(app._format_collect_path(app.extracted_directory))
            for folder, _, names in os.walk(extracted):
                for name in names:
                    path = os.path.join(folder, name)
                    match = re.match(self.named_regexp, path)
                    student = match.groupdict().get("student_id") if match else None
                    if student and all(stem == student or stem.startswith(student + "_")
                                       for stem in (os.path.basename(place) for archive, place, outermost
                                                    in self._chain(path)
                                                    if not (outermost and archive in self.bulk_archives))):
                        known.add(student)
            try:
                from nbgrader.api import Gradebook
                with Gradebook(app.coursedir.db_url, app.coursedir.course_id) as gradebook:
                    known.update(student.id for student in gradebook.students)
            except Exception as error:  # no gradebook yet, say: the files' names alone
                self.log.debug("zip_collect: no student ids from the gradebook (%s)", error)
            self._known = known
        return self._known

    def _archives(self) -> list[tuple[str, str, bool]]:
        """(file name, extracted folder, outermost?) of every archive extracted, read once. nbgrader's ExtractorPlugin
        extracts each archive of downloaded/<assignment>/archive/ into a folder of its name without its extension, at
        the archive's place in the tree, and an archive inside one (`tree=True`) beside itself, into a folder named so:
        an archive a student handed in inside a bulk download, or inside their own archive, is judged too (red-team
        pass 124: `alice_notes.zip` inside `submissions.zip`, holding `dave_1_easy.ipynb`, had it collected as Dave's;
        pass 125: `dave_hw.zip` inside `alice_notes.zip` did the same once the innermost archive alone decided)."""
        if getattr(self, "_found", None) is None:
            app = self.parent
            archives = os.path.normpath(app._format_collect_path(app.archive_directory))
            extracted = os.path.normpath(app._format_collect_path(app.extracted_directory))
            extensions = app.extractor_plugin_inst.zip_ext
            found = []
            for top, into, outermost in ((archives, extracted, True), (extracted, extracted, False)):
                for folder, _, names in os.walk(top):
                    for name in names:
                        stem, extension = os.path.splitext(name)
                        if extension not in extensions:
                            continue
                        if os.path.splitext(stem)[1] == ".tar":
                            stem = os.path.splitext(stem)[0]
                        place = os.path.normpath(os.path.join(into, os.path.relpath(folder, top), stem))
                        found.append((name, place, outermost))
            self._found = found
        return self._found
