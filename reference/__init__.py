"""Reference implementations of every graded function, one module per assignment.

The grader imports these at grading time and runs them on the grading device; they
are never visible inside the sandbox that runs student code.
"""
