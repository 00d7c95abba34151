"""nbgrader configuration for the async_patterns course.

The repository root is the nbgrader course directory: `source/` holds the
instructor's notebooks, `release/` what students get, `submitted/` what they
hand in, `autograded/` the graded copies, and `gradebook.db` the scores.

The settings below keep grading safe against a hung, crashing or noisy
solution. The first line of defence is inside the notebooks: every demo cell
bounds student code with `asyncio.timeout`, and every hidden test runs student
code through `course.testing`, on its own virtual-time loop in a worker thread
with deadlock detection and a real-time guard. The limits here are the
backstop for what those cannot catch.
"""

import os

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.converters import Autograde
from nbgrader.preprocessors import (CheckCellMetadata, ClearOutput, DeduplicateIds, Execute, GetGrades,
                                    OverwriteCells, OverwriteKernelspec)

from course.grading import (CheckCellMetadataOnce, ClearHiddenTestsInFeedback, ExecuteIsolated, RebuildFromRelease,
                            SanitizeOutputs, TeachingFeedback)

c = get_config()  # noqa: F821 - provided by nbgrader when it loads this file

c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = "async-patterns"
# Scores live in <root>/gradebook.db (SQLite) unless db_url names a database
# server, for a course graded from several machines; for example
#   c.CourseDirectory.db_url = "postgresql+psycopg://grader:secret@db.example.org/async_patterns"
# (needs SQLAlchemy's driver: `pip install "psycopg[binary]"`; nbgrader creates the
# tables on first use, see the README).
# `course autograde` then lets its workers write to the server directly.

# --- generate_assignment -------------------------------------------------
# Released solution cells compile and say what to fill.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
# A cell with solution delimiters but no nbgrader metadata is an authoring
# mistake: fail loudly instead of releasing a half-cleared cell.
c.ClearSolutions.enforce_metadata = True

# --- autograde: what is graded ---------------------------------------------
# A submission is graded from the release notebook with the student's
# solution cells pasted in (the course contract): deleted, edited or
# re-typed read-only cells are restored, extra cells are not run, and the
# graded notebook starts with a "Grading notes" cell saying what was fixed.
# RebuildFromRelease comes first, so that no other preprocessor reads what a
# student typed into a cell's metadata: nbgrader's DeduplicateIds raised
# KeyError on an added cell marked `{"nbgrader": {"grade": true}}` with no
# grade_id, and nbgrader dropped the whole submission (red-team pass 111).
c.Autograde.sanitize_preprocessors = [
    RebuildFromRelease,
    ClearOutput,
    DeduplicateIds,
    OverwriteKernelspec,
    OverwriteCells,
    CheckCellMetadataOnce,
]
c.RebuildFromRelease.release_directory = os.path.join(c.CourseDirectory.root, "release")
# nbgrader checks the cells' metadata again after execution: the same check,
# with its JSON schema compiled once instead of once per cell (~0.17 s of
# every graded submission). Notebooks run in ExecutePromptly: nbgrader's
# Execute without the idle waits around each kernel (~0.3 s a notebook, and
# no 3.5 s stall when ipykernel's graceful shutdown races; see its module).
# The rest of nbgrader's default list is kept.
_FASTER = {CheckCellMetadata: CheckCellMetadataOnce, Execute: ExecuteIsolated}
c.Autograde.autograde_preprocessors = [
    _FASTER.get(p, p) for p in Autograde.class_traits()["autograde_preprocessors"].make_dynamic_default()
]
# Every output was made by student code, and the feedback and formgrader pages render
# it: SanitizeOutputs, right after execution, leaves no script, style or URL in it (the
# course's visuals keep their static SVG copies). It cleans a notebook's HTML in one worker
# process, bounded (an output past a bound is dropped, its text/plain kept):
# c.SanitizeOutputs.seconds = 10.0                    # for all of a notebook's HTML and SVG
# c.SanitizeOutputs.memory_limit = 256 * 1024**2      # the worker's address space, bytes
# c.SanitizeOutputs.max_output_bytes = 4 * 1024**2    # largest cleaned output kept
c.Autograde.autograde_preprocessors.insert(c.Autograde.autograde_preprocessors.index(ExecuteIsolated) + 1,
                                           SanitizeOutputs)

# --- autograde: executing student notebooks ------------------------------
# A kernel that goes quiet (a solution spinning in C code, a blocked sleep)
# must cost that cell, never the whole submission. With the default (True)
# nbclient raises and nbgrader drops the student's notebook ungraded.
c.Execute.raise_on_iopub_timeout = False
# Per-cell wall limit in the notebook's kernel. Demo cells bound student code
# themselves well below this (asyncio.timeout plus an alarm); code that turns
# signals off is stopped here: the kernel is killed, restarted, and the
# notebook goes on (ExecuteIsolated). Test cells do not run in the kernel.
c.Execute.timeout = 30
# After a restart the earlier setup, given and solution cells run again; all such replays
# of a notebook share this budget, past which its remaining kernel cells are not run:
# c.ExecuteIsolated.max_replay_seconds = 30.0
# --- autograde: the sandbox ------------------------------------------------
# Student code runs only in bubblewrap sandboxes (Debian package `bubblewrap`):
# the notebook's kernel, and one check process per problem that runs that
# problem's test cells (course.grading.sandbox, course.grading.problem_checks).
# They read only the Python environment and the course package, write only their
# HOME and /tmp (tmpfs, in memory), hold no capabilities, have no network and their
# own process namespace. Defaults:
# c.Sandbox.memory_limit = 2 * 1024**3     # bytes of address space per process
# c.Sandbox.file_size_limit = 64 * 1024**2 # largest file written, bytes
# c.Sandbox.home_size = 256 * 1024**2      # bytes of HOME (past it: ENOSPC)
# c.Sandbox.tmp_size = 256 * 1024**2       # bytes of /tmp
# c.Sandbox.problem_timeout = 60.0         # seconds for one problem's checks
# Every sandbox also runs in a cgroup of its own (course.grading.cgroups; v2, or v1's
# cpu, pids and memory hierarchies, found at run time; grade as root): an equal CPU
# weight per sandbox, however many processes or sessions it starts, and
# c.Sandbox.process_limit = 64                 # processes and threads per sandbox (pids.max;
#                                              #   a kernel peaks at 16, a check server at 4)
# c.Sandbox.sandbox_memory_limit = 2 * 1024**3 # bytes of memory per sandbox, all its processes
# c.Sandbox.cgroup_fs = "/sys/fs/cgroup"       # where the cgroup file systems are mounted
# c.Sandbox.user_process_limit = 256           # RLIMIT_NPROC of the user (not applied to root)
# Without cgroups it can write, grading refuses to start. To grade anyway, without a fair
# CPU share between the class's sandboxes (every graded notebook and the log then say so):
# c.Sandbox.cgroups = False
# c.ExecuteIsolated.check_workers = 2      # check processes at once, beside the kernel
# c.ExecuteIsolated.check_server = True    # fork them from long-lived check servers
# c.ExecuteIsolated.lookahead = True       # speed only, same grades: while a submission's
#   first notebook is graded, the later notebooks' checks already run (a check whose cells
#   nbgrader's own pass then changes, e.g. source/ edited since release, is run again)
# Without bubblewrap, grading refuses to start. To grade anyway, unisolated
# (every graded notebook and the log then say so):
# c.Sandbox.enabled = False
# How long to wait for the last outputs of a cell after it finished.
c.Execute.iopub_timeout = 10
# A kernel slow to start on a loaded grading machine is not the student's fault.
c.Execute.startup_timeout = 120
# Keep a runaway print loop from bloating graded copies and feedback.
c.LimitOutput.max_lines = 400
c.LimitOutput.max_traceback = 100

# Graded copies keep no widget state: nbconvert then shows the static copy
# (text/html) that every course.visuals display carries, so timelines and
# experiments appear in the feedback HTML without JavaScript or a network.
c.Execute.store_widget_state = False

# --- generate_feedback ---------------------------------------------------
# Feedback that teaches: after each failed check, a note naming the
# invariant, what was observed, the seed, and a link to the problem's hints
# (TeachingFeedback, after GetGrades has put the scores in). nbgrader's
# ClearHiddenTests (as ClearHiddenTestsInFeedback: the same, without a needless
# config warning) then removes the hidden test code from the test cells, so
# feedback shows each test's one-line description and result, never its code.
c.GenerateFeedback.preprocessors = [GetGrades, TeachingFeedback, ClearHiddenTestsInFeedback, CSSHTMLHeaderPreprocessor]

# --- zip_collect -----------------------------------------------------------
# Files downloaded from a learning platform go in
# downloaded/async_patterns/archive/ (loose, or in .zip archives), named
# <student_id>_<notebook>.ipynb, for example jdoe_1_easy.ipynb.
c.FileNameCollectorPlugin.named_regexp = r".*/(?P<student_id>[^/]+?)_(?P<file_id>\d_[a-z]+\.ipynb)$"
# An archive is one student's (named <student_id>_<name> by the platform): a notebook inside
# it named for another student (alice_notes.zip holding bob_1_easy.ipynb) is not collected,
# and is named in a warning: see its module. A bulk download of the whole class is read as
# nbgrader reads it once named here, e.g. ["submissions.zip"].
from course.grading.zip_collector import ClassmateSafeCollector  # noqa: E402

c.ZipCollectApp.collector_plugin = ClassmateSafeCollector
c.ClassmateSafeCollector.bulk_archives = []

# --- a clean log -------------------------------------------------------------
# Autograding an untouched or a complete submission logs no warning, so that a
# warning always means something to look at.
import logging  # noqa: E402
import warnings  # noqa: E402

from sqlalchemy.exc import SAWarning  # noqa: E402

from course.grading.quiet_log import FoldersItMakes, OverwriteReleasedCells  # noqa: E402

# nbgrader's OverwriteCells compares each read-only cell with the gradebook's
# copy, saved *before* generate_assignment cleared the hidden tests, so every
# released test cell "has changed" (nbgrader issue #1961). OverwriteReleasedCells
# restores the hidden tests of a cell that is exactly as released, then runs
# nbgrader's OverwriteCells: any other difference is still reported.
c.Autograde.sanitize_preprocessors = [
    OverwriteReleasedCells if p is OverwriteCells else p for p in c.Autograde.sanitize_preprocessors
]
# `nbgrader zip_collect` warns "Directory not found. Creating: ..." for its own
# extracted/ folder and each new student folder in submitted/, on every first run
# (README, instructor guide step 2): only that message is dropped, from its logger
# (traitlets names an app's logger after its class).
logging.getLogger("ZipCollectApp").addFilter(FoldersItMakes())
# nbgrader 0.9's Gradebook.add_submission (nbgrader/api.py) attaches a new
# submission to the stored assignment and student, reads their notebooks and
# cells, and only then session.add()s it. SQLAlchemy 2 no longer adds an object
# to the session through a backref, so each of those reads autoflushes and warns
# (once per process) that the pending SubmittedAssignment/SubmittedNotebook
# "will not proceed" along Assignment/Student/Notebook.submissions. The add()
# then saves it whole (every score is recorded); the warning is nbgrader's, so
# exactly it, raised from nbgrader.api, is ignored.
warnings.filterwarnings(
    "ignore", category=SAWarning, module=r"nbgrader\.api",
    message=r"Object of type <Submitted(Assignment|Notebook)> not in session, add operation along "
            r"'(Assignment|Student|Notebook)\.submissions' will not proceed")
# ipykernel's "Kernel is running over TCP without encryption" needs nothing here:
# the grading kernel (ExecuteIsolated) talks over the ipc transport and its own
# stderr goes to /dev/null. (c.KernelManager.transport_encryption = "auto" would
# encrypt ipc for nothing, and stop every kernel on a pyzmq built without CurveZMQ.)
# An archive nbgrader cannot read (not a zip, cut short) is named in a warning and left out,
# and the class's others are extracted (nbgrader's own extractor stopped at it, for everyone).
from course.grading.zip_extractor import OneArchiveAtATimeExtractor  # noqa: E402

c.ZipCollectApp.extractor_plugin = OneArchiveAtATimeExtractor
