"""nbgrader configuration for the course; the repository root is the course directory."""

import os

c = get_config()  # noqa: F821 (provided by nbgrader)

c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = "pcpt-autograd"  # the grader reads it here too (autograder.course)

c.ExecutePreprocessor.timeout = 120
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}

# `nbgrader autograde` and formgrader's Autograde button grade with our sandboxed grader:
# its result replaces nbgrader's kernel execution (no student code runs in nbgrader's
# process), so they give the same scores, comments and feedback as `python -m autograder
# batch` (autograder/nbgrader_autograde.py). A test cell a student deleted is put back
# so that it is scored.
c.Autograde.autograde_preprocessors = [
    "autograder.nbgrader_autograde.SandboxedGrading",   # in place of nbgrader.preprocessors.Execute
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "autograder.nbgrader_autograde.SaveAutoComments",  # our feedback as each solution cell's comment
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
c.OverwriteCells.add_missing_cells = True
