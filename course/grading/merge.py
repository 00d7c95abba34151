"""Copy one student's autograde results from one gradebook into another.

Parallel grading (`course.grading.parallel`) lets each worker write its own
copy of the SQLite gradebook, then brings the results home with this, one
student at a time, through nbgrader's Gradebook API (no SQL of ours).

Only what `nbgrader autograde` itself writes is copied: the student record,
the submission and its timestamp, and for every graded cell `auto_score`
and `needs_manual_grade`, every comment's `auto_comment`, every notebook's
late penalty. Manual grades, manual comments and extra credit that an
instructor entered in the course gradebook are left alone.
"""

from __future__ import annotations

from nbgrader.api import Gradebook, MissingEntry


def copy_autograde_results(source: Gradebook, dest: Gradebook, assignment: str, student: str) -> bool:
    """Write `student`'s autograde results for `assignment` from `source` into `dest`.

    Returns False (and changes nothing) when `source` has no such submission.
    """
    try:
        submitted = source.find_submission(assignment, student)
    except MissingEntry:
        return False
    person = source.find_student(student)
    dest.update_or_create_student(student, first_name=person.first_name, last_name=person.last_name,
                                  email=person.email, lms_user_id=person.lms_user_id)
    extra = {"timestamp": submitted.timestamp} if submitted.timestamp is not None else {}
    dest.update_or_create_submission(assignment, student, **extra)
    for notebook in submitted.notebooks:
        target = dest.find_submission_notebook(notebook.name, assignment, student)
        target.late_submission_penalty = notebook.late_submission_penalty
        for grade in notebook.grades:
            mine = dest.find_grade(grade.name, notebook.name, assignment, student)
            mine.auto_score = grade.auto_score
            # nbgrader's rule (SaveAutoGrades): review needed when a manual score
            # exists here or the autograder gave none.
            mine.needs_manual_grade = mine.manual_score is not None or grade.auto_score is None
        for comment in notebook.comments:
            dest.find_comment(comment.name, notebook.name, assignment, student).auto_comment = comment.auto_comment
    dest.db.commit()
    return True
